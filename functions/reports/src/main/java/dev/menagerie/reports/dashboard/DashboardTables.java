package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Svg.esc;

import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.RunFigures;
import dev.menagerie.common.store.TrainingFigures;
import dev.menagerie.reports.report.AccuracyReport;
import dev.menagerie.reports.report.Figures;
import dev.menagerie.reports.report.ModelsReport;
import dev.menagerie.reports.report.UsageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The dashboard's tables: cost, per class, the frequent confusions, and the recent runs. */
final class DashboardTables {
  private DashboardTables() {}

  static void cost(StringBuilder html, UsageReport usage) {
    Svg.section(html, "", "Cost");
    UsageReport.Cost cost = usage.cost();
    html.append("<table id=\"table-cost\"><tbody>");
    row(html, "Memory (MB)", Fields.count(cost.memoryMb()), "cost-memory");
    row(html, "GB-seconds", Fields.quantity(cost.gbSeconds()), "cost-gb-seconds");
    row(html, "Compute", Fields.usd(cost.computeUsd()), "cost-compute");
    row(html, "Requests", Fields.usd(cost.requestUsd()), "cost-requests");
    row(html, "Total", Fields.usd(cost.totalUsd()), "cost-total-table");
    row(html, "Per 1,000 requests", Fields.usd(cost.per1000Usd()), "cost-per-1000-table");
    html.append("</tbody></table><p class=\"note\">Estimated from logged request durations at ")
        .append(esc(Figures.price(cost.pricePerGbSecond())))
        .append(" per GB-second and ")
        .append(esc(Figures.price(cost.pricePerRequest())))
        .append(" per request; exact figures in /reports/usage (JSON or CSV).</p>");
    html.append("</section>");
  }

  static void classes(StringBuilder html, AccuracyReport accuracy) {
    Svg.section(html, "wide", "Per class");
    List<AccuracyReport.ClassFigures> classes = accuracy.classes();
    html.append("<table id=\"table-classes\"><thead><tr><th>Class</th><th>Predicted</th>")
        .append("<th>Actual</th><th>Right</th><th>Precision</th><th>Recall</th></tr></thead>")
        .append("<tbody>");
    if (classes.isEmpty()) {
      html.append("<tr><td colspan=\"6\" class=\"empty\">no evaluations in this period</td></tr>");
    }
    for (AccuracyReport.ClassFigures c : classes) {
      html.append("<tr data-label=\"")
          .append(esc(c.label()))
          .append("\"><td>")
          .append(esc(c.label()))
          .append("</td><td class=\"num\">")
          .append(Fields.shown(Fields.count(c.predicted())))
          .append("</td><td class=\"num\">")
          .append(Fields.shown(Fields.count(c.actual())))
          .append("</td><td class=\"num\">")
          .append(Fields.shown(Fields.count(c.truePositives())))
          .append("</td><td class=\"num\" data-figure=\"precision\">")
          .append(Fields.percent(c.precision()))
          .append("</td><td class=\"num\" data-figure=\"recall\">")
          .append(Fields.percent(c.recall()))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
    List<AccuracyReport.Confusion> confusions = accuracy.confusions();
    html.append("<h3>Most frequent confusions (look-alikes)</h3><table id=\"table-confusions\">")
        .append(
            "<thead><tr><th>Actual</th><th>Predicted as</th><th>Times</th></tr></thead><tbody>");
    if (confusions.isEmpty()) {
      html.append("<tr><td colspan=\"3\" class=\"empty\">none</td></tr>");
    }
    for (AccuracyReport.Confusion c : confusions) {
      html.append("<tr><td>")
          .append(esc(c.actual()))
          .append("</td><td>")
          .append(esc(c.predicted()))
          .append("</td><td class=\"num\">")
          .append(Fields.shown(Fields.count(c.count())))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
    html.append("</section>");
  }

  static void runs(StringBuilder html, ModelsReport models) {
    Svg.section(html, "wide", "Recent runs");
    runs(html, "training", models.runs().training());
    runs(html, "bulk", models.runs().bulk());
    html.append("</section>");
  }

  private static <F extends RunFigures> void runs(
      StringBuilder html, String kind, List<ModelsReport.Run<F>> list) {
    {
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
      for (ModelsReport.Run<F> r : list) {
        html.append("<tr data-run=\"")
            .append(esc(r.runId()))
            .append("\"><td>")
            .append(esc(r.runId()))
            .append("</td><td class=\"status-")
            .append(esc(r.status().toLowerCase(Locale.ROOT)))
            .append("\">")
            .append(esc(r.status()))
            .append(r.error() == null ? "" : " (" + esc(r.error()) + ")")
            .append("</td><td>")
            .append(esc(r.startedAt()))
            .append("</td><td>")
            .append(esc(r.endedAt()))
            .append("</td><td>")
            .append(esc(r.modelVersion()))
            .append("</td><td class=\"run-base\">")
            .append(esc(r.base()))
            .append("</td><td class=\"run-epochs\">")
            .append(esc(r.epochs()))
            .append("</td><td class=\"run-time\">")
            .append(esc(r.seconds() == null ? "" : Fields.quantity(r.seconds()) + " s"))
            .append("</td><td>");
        html.append(esc(String.join(", ", figures(r.figures())))).append("</td></tr>");
      }
      html.append("</tbody></table>");
    }
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
}
