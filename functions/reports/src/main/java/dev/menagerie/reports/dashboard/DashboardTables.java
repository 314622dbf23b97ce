package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Fields.map;
import static dev.menagerie.reports.dashboard.Fields.maps;
import static dev.menagerie.reports.dashboard.Svg.esc;

import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.RunFigures;
import dev.menagerie.common.store.TrainingFigures;
import dev.menagerie.reports.report.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The dashboard's tables: cost, per class, the frequent confusions, and the recent runs. */
final class DashboardTables {
  private DashboardTables() {}

  static void cost(StringBuilder html, Map<String, Object> usage) {
    Svg.section(html, "", "Cost");
    Map<String, Object> cost = map(usage.get("cost"));
    html.append("<table id=\"table-cost\"><tbody>");
    row(html, "Memory (MB)", Fields.count(cost.get("memoryMb")), "cost-memory");
    row(html, "GB-seconds", Fields.quantity(cost.get("gbSeconds")), "cost-gb-seconds");
    row(html, "Compute", Fields.usd(cost.get("computeUsd")), "cost-compute");
    row(html, "Requests", Fields.usd(cost.get("requestUsd")), "cost-requests");
    row(html, "Total", Fields.usd(cost.get("totalUsd")), "cost-total-table");
    row(html, "Per 1,000 requests", Fields.usd(cost.get("per1000Usd")), "cost-per-1000-table");
    html.append("</tbody></table><p class=\"note\">Estimated from logged request durations at ")
        .append(esc(price(cost.get("pricePerGbSecond"))))
        .append(" per GB-second and ")
        .append(esc(price(cost.get("pricePerRequest"))))
        .append(" per request; exact figures in /reports/usage (JSON or CSV).</p>");
    html.append("</section>");
  }

  static void classes(StringBuilder html, Map<String, Object> accuracy) {
    Svg.section(html, "wide", "Per class");
    List<Map<String, Object>> classes = maps(accuracy.get("classes"));
    html.append("<table id=\"table-classes\"><thead><tr><th>Class</th><th>Predicted</th>")
        .append("<th>Actual</th><th>Right</th><th>Precision</th><th>Recall</th></tr></thead>")
        .append("<tbody>");
    if (classes.isEmpty()) {
      html.append("<tr><td colspan=\"6\" class=\"empty\">no evaluations in this period</td></tr>");
    }
    for (Map<String, Object> c : classes) {
      html.append("<tr data-label=\"")
          .append(esc(c.get("label")))
          .append("\"><td>")
          .append(esc(c.get("label")))
          .append("</td><td class=\"num\">")
          .append(Fields.shown(Fields.count(c.get("predicted"))))
          .append("</td><td class=\"num\">")
          .append(Fields.shown(Fields.count(c.get("actual"))))
          .append("</td><td class=\"num\">")
          .append(Fields.shown(Fields.count(c.get("truePositives"))))
          .append("</td><td class=\"num\" data-figure=\"precision\">")
          .append(Fields.percent(c.get("precision")))
          .append("</td><td class=\"num\" data-figure=\"recall\">")
          .append(Fields.percent(c.get("recall")))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
    List<Map<String, Object>> confusions = maps(accuracy.get("confusions"));
    html.append("<h3>Most frequent confusions (look-alikes)</h3><table id=\"table-confusions\">")
        .append(
            "<thead><tr><th>Actual</th><th>Predicted as</th><th>Times</th></tr></thead><tbody>");
    if (confusions.isEmpty()) {
      html.append("<tr><td colspan=\"3\" class=\"empty\">none</td></tr>");
    }
    for (Map<String, Object> c : confusions) {
      html.append("<tr><td>")
          .append(esc(c.get("actual")))
          .append("</td><td>")
          .append(esc(c.get("predicted")))
          .append("</td><td class=\"num\">")
          .append(Fields.shown(Fields.count(c.get("count"))))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
    html.append("</section>");
  }

  static void runs(StringBuilder html, Map<String, Object> models) {
    Svg.section(html, "wide", "Recent runs");
    Map<String, Object> runs = map(models.get("runs"));
    for (String kind : List.of("training", "bulk")) {
      List<Map<String, Object>> list = maps(runs.get(kind));
      html.append("<h3>")
          .append(kind.equals("training") ? "Training runs" : "Bulk identification runs")
          .append("</h3><table id=\"table-runs-")
          .append(kind)
          .append("\"><thead><tr><th>Run</th><th>Status</th><th>Started</th><th>Ended</th>")
          .append("<th>Model</th><th>Base</th><th>Epochs</th><th>Time</th><th>Figures</th>")
          .append("</tr></thead><tbody>");
      if (list.isEmpty()) {
        html.append("<tr><td colspan=\"9\" class=\"empty\">none</td></tr>");
      }
      for (Map<String, Object> r : list) {
        html.append("<tr data-run=\"")
            .append(esc(r.get("runId")))
            .append("\"><td>")
            .append(esc(r.get("runId")))
            .append("</td><td class=\"status-")
            .append(esc(String.valueOf(r.get("status")).toLowerCase(Locale.ROOT)))
            .append("\">")
            .append(esc(r.get("status")))
            .append(r.get("error") == null ? "" : " (" + esc(r.get("error")) + ")")
            .append("</td><td>")
            .append(esc(r.get("startedAt")))
            .append("</td><td>")
            .append(esc(r.get("endedAt") == null ? "" : r.get("endedAt")))
            .append("</td><td>")
            .append(esc(r.get("modelVersion") == null ? "" : r.get("modelVersion")))
            .append("</td><td class=\"run-base\">")
            .append(esc(r.get("base") == null ? "" : r.get("base")))
            .append("</td><td class=\"run-epochs\">")
            .append(esc(r.get("epochs") == null ? "" : Fields.count(r.get("epochs"))))
            .append("</td><td class=\"run-time\">")
            .append(esc(r.get("seconds") == null ? "" : Fields.quantity(r.get("seconds")) + " s"))
            .append("</td><td>");
        html.append(esc(String.join(", ", figures((RunFigures) r.get("figures")))))
            .append("</td></tr>");
      }
      html.append("</tbody></table>");
    }
    html.append("</section>");
  }

  /** A run's figures as "name value" pairs, the ones it has recorded. */
  private static List<String> figures(RunFigures figures) {
    List<String> shown = new ArrayList<>();
    if (figures instanceof TrainingFigures t) {
      add(shown, "name", t.name());
      add(shown, "throwAway", t.throwAway());
      add(shown, "cutoff", t.cutoff());
      add(shown, "baseModel", t.baseModel());
      add(shown, "classes", t.dataset() == null ? null : t.dataset().classCount());
      add(shown, "outcome", t.outcome());
      add(shown, "reidentified", t.reidentified() == null ? null : t.reidentified().size());
    } else if (figures instanceof BulkFigures b) {
      add(shown, "prefix", b.prefix());
      add(shown, "images", b.images());
      add(shown, "batches", b.batches());
      if (b.outcomes() != null) {
        b.outcomes().forEach((outcome, count) -> add(shown, outcome, count));
      }
      add(shown, "imagesPerSecond", b.imagesPerSecond());
      add(shown, "imagesPerBusySecond", b.imagesPerBusySecond());
    }
    return shown;
  }

  private static void add(List<String> shown, String name, Object value) {
    if (value != null) {
      shown.add(name + " " + Figures.of(value));
    }
  }

  private static void row(StringBuilder html, String name, Object value, String figure) {
    html.append("<tr><th>").append(esc(name)).append("</th>");
    Svg.tag(html, "td", Fields.shown(value), "class", "num", "data-figure", figure);
    html.append("</tr>");
  }

  private static String price(Object usd) {
    return usd instanceof Number n ? Figures.price(n.doubleValue()) : String.valueOf(usd);
  }
}
