package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Svg.esc;
import static dev.menagerie.reports.dashboard.Svg.num;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The manager's dashboard: one HTML page drawn from the usage, accuracy and models reports (the
 * same maps the JSON routes return, so the page and the API cannot disagree). Charts are inline
 * SVG; there is no script and nothing to fetch, so it works offline and saved as a file. Figures
 * carry {@code data-figure} attributes so tests (and scrapers) read them without parsing prose.
 */
public final class DashboardPage {
  private static final int W = 720;

  /** Charts spanning the page are drawn wider, so their text keeps the size of the others'. */
  private static final int WIDE = 1100;

  private static final int H = 240;
  private static final int LEFT = 56;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int BOTTOM = 40;

  private DashboardPage() {}

  public static String render(
      Map<String, Object> usage, Map<String, Object> accuracy, Map<String, Object> models) {
    Map<String, Object> period = map(usage.get("period"));
    StringBuilder html = new StringBuilder(32_768);
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Menagerie dashboard</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    html.append("<header><h1>Menagerie</h1><p class=\"sub\">Usage and performance of the")
        .append(" image classifier, ")
        .append(esc(period.get("from")))
        .append(" to ")
        .append(esc(period.get("to")))
        .append(" (UTC)")
        .append(period.get("model") == null ? "" : ", model " + esc(period.get("model")))
        .append("</p>");
    filterForm(html, period, models);
    html.append("</header><main>");
    summary(html, usage, accuracy);
    html.append("<section class=\"wide\"><h2>Requests per day by model version</h2>");
    // one colour per model version on every chart
    List<String> versions = new ArrayList<>(map(map(usage.get("totals")).get("byModel")).keySet());
    requestsChart(html, usage, versions);
    html.append("</section>");
    html.append("<section><h2>Latency per day (ms)</h2>");
    latencyChart(html, usage);
    html.append("</section>");
    html.append("<section><h2>Accuracy per day (manual evaluations)</h2>");
    accuracyChart(html, accuracy, versions);
    html.append("</section>");
    html.append("<section><h2>Reliability diagram</h2>");
    reliabilityChart(html, accuracy);
    html.append("</section>");
    html.append("<section><h2>Cost</h2>");
    costTable(html, usage);
    html.append("</section>");
    html.append("<section class=\"wide\"><h2>Per class</h2>");
    classTable(html, accuracy);
    html.append("</section>");
    html.append("<section class=\"wide\"><h2>Model timeline</h2>");
    modelTimeline(html, models);
    html.append("</section>");
    html.append("<section class=\"wide\"><h2>Recent runs</h2>");
    runsTables(html, models);
    html.append("</section>");
    html.append("</main><footer>Past days from the daily rollups (")
        .append(esc(period.get("rolledUpDays")))
        .append(" days); read live: ")
        .append(esc(String.join(", ", strings(period.get("liveDays")))))
        .append(
            strings(period.get("missingDays")).isEmpty()
                ? ""
                : "; not rolled up yet: "
                    + esc(String.join(", ", strings(period.get("missingDays")))))
        .append(". JSON and CSV: /reports/usage, /reports/accuracy, /reports/models.</footer>")
        .append("</body></html>");
    return html.toString();
  }

  private static void filterForm(
      StringBuilder html, Map<String, Object> period, Map<String, Object> models) {
    html.append("<form method=\"get\" action=\"\" id=\"filters\">")
        .append("<label>From <input type=\"date\" name=\"from\" value=\"")
        .append(esc(period.get("from")))
        .append("\"></label> <label>To <input type=\"date\" name=\"to\" value=\"")
        .append(esc(period.get("to")))
        .append("\"></label> <label>Model <select name=\"model\"><option value=\"\">all</option>");
    for (Map<String, Object> m : maps(models.get("models"))) {
      String v = String.valueOf(m.get("version"));
      html.append("<option value=\"")
          .append(esc(v))
          .append("\"")
          .append(v.equals(period.get("model")) ? " selected" : "")
          .append(">")
          .append(esc(v))
          .append("</option>");
    }
    html.append("</select></label> <button type=\"submit\">Show</button></form>");
  }

  private static void summary(
      StringBuilder html, Map<String, Object> usage, Map<String, Object> accuracy) {
    Map<String, Object> totals = map(usage.get("totals"));
    Map<String, Object> latency = map(usage.get("latencyMs"));
    Map<String, Object> cost = map(usage.get("cost"));
    Map<String, Object> acc = map(accuracy.get("totals"));
    Map<String, Object> reliability = map(accuracy.get("reliability"));
    html.append("<section class=\"wide cards\" id=\"summary\">");
    card(html, "requests", "Requests", totals.get("requests"));
    card(html, "errors", "Errors", totals.get("errors"));
    card(html, "latency-p50", "Latency p50 (ms)", latency.get("p50"));
    card(html, "latency-p95", "Latency p95 (ms)", latency.get("p95"));
    card(html, "latency-p99", "Latency p99 (ms)", latency.get("p99"));
    card(html, "evaluations", "Evaluations", acc.get("evaluations"));
    card(html, "accuracy", "Accuracy", percent(acc.get("accuracy")));
    card(html, "ece", "Calibration error (ECE)", reliability.get("ece"));
    card(html, "cost-total", "Estimated cost (USD)", money(cost.get("totalUsd")));
    card(html, "cost-per-1000", "Cost per 1,000 (USD)", money(cost.get("per1000Usd")));
    html.append("</section>");
  }

  private static void card(StringBuilder html, String id, String title, Object value) {
    html.append("<div class=\"card\"><div class=\"label\">")
        .append(esc(title))
        .append("</div><div class=\"value\" data-figure=\"")
        .append(id)
        .append("\">")
        .append(value == null ? "&ndash;" : esc(value))
        .append("</div></div>");
  }

  private static void requestsChart(
      StringBuilder html, Map<String, Object> usage, List<String> models) {
    List<Map<String, Object>> days = maps(usage.get("days"));
    Set<String> versions = new LinkedHashSet<>();
    double max = 0;
    for (Map<String, Object> d : days) {
      versions.addAll(map(d.get("byModel")).keySet());
      max = Math.max(max, ((Number) d.get("requests")).doubleValue());
    }
    List<String> colours = new ArrayList<>(models);
    versions.stream().filter(v -> !colours.contains(v)).forEach(colours::add);
    double top = Svg.niceMax(max);
    double pw = WIDE - LEFT - RIGHT;
    double ph = H - TOP - BOTTOM;
    double slot = pw / Math.max(1, days.size());
    StringBuilder svg = open("chart-requests", "Requests per day by model version", WIDE);
    Svg.grid(svg, LEFT, TOP, pw, ph, top, "");
    for (int i = 0; i < days.size(); i++) {
      Map<String, Object> d = days.get(i);
      double y = TOP + ph;
      for (Map.Entry<String, Object> e : map(d.get("byModel")).entrySet()) {
        double v = ((Number) e.getValue()).doubleValue();
        double h = ph * v / top;
        y -= h;
        svg.append("<rect class=\"bar\" data-day=\"")
            .append(esc(d.get("day")))
            .append("\" data-model=\"")
            .append(esc(e.getKey()))
            .append("\" data-value=\"")
            .append(esc(e.getValue()))
            .append("\" x=\"")
            .append(num(LEFT + slot * i + slot * 0.15))
            .append("\" y=\"")
            .append(num(y))
            .append("\" width=\"")
            .append(num(slot * 0.7))
            .append("\" height=\"")
            .append(num(h))
            .append("\" fill=\"")
            .append(Svg.PALETTE[colours.indexOf(e.getKey()) % Svg.PALETTE.length])
            .append("\"><title>")
            .append(esc(d.get("day") + " " + e.getKey() + ": " + e.getValue()))
            .append("</title></rect>");
      }
    }
    Svg.dayLabels(
        svg,
        days.stream().map(d -> String.valueOf(d.get("day"))).toList(),
        LEFT,
        slot,
        H - BOTTOM + 16);
    svg.append("</svg>");
    html.append(svg);
    legend(html, colours);
  }

  private static void latencyChart(StringBuilder html, Map<String, Object> usage) {
    List<Map<String, Object>> days = maps(usage.get("days"));
    String[] series = {"p50", "p95", "p99"};
    double max = 0;
    for (Map<String, Object> d : days) {
      for (String s : series) {
        Object v = map(d.get("latencyMs")).get(s);
        if (v instanceof Number n) {
          max = Math.max(max, n.doubleValue());
        }
      }
    }
    double top = Svg.niceMax(max);
    double pw = W - LEFT - RIGHT;
    double ph = H - TOP - BOTTOM;
    double slot = pw / Math.max(1, days.size());
    StringBuilder svg = open("chart-latency", "Latency percentiles per day", W);
    Svg.grid(svg, LEFT, TOP, pw, ph, top, "");
    for (int s = 0; s < series.length; s++) {
      List<String> points = new ArrayList<>();
      for (int i = 0; i < days.size(); i++) {
        Object v = map(days.get(i).get("latencyMs")).get(series[s]);
        if (v instanceof Number n) {
          double x = LEFT + slot * i + slot / 2;
          double y = TOP + ph - ph * n.doubleValue() / top;
          points.add(num(x) + "," + num(y));
          svg.append("<circle class=\"point\" data-series=\"")
              .append(series[s])
              .append("\" data-day=\"")
              .append(esc(days.get(i).get("day")))
              .append("\" data-value=\"")
              .append(esc(v))
              .append("\" cx=\"")
              .append(num(x))
              .append("\" cy=\"")
              .append(num(y))
              .append("\" r=\"3\" fill=\"")
              .append(Svg.PALETTE[s])
              .append("\"><title>")
              .append(esc(series[s] + " " + days.get(i).get("day") + ": " + v + " ms"))
              .append("</title></circle>");
        }
      }
      if (points.size() > 1) {
        svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
            .append(Svg.PALETTE[s])
            .append("\" points=\"")
            .append(String.join(" ", points))
            .append("\"/>");
      }
    }
    Svg.dayLabels(
        svg,
        days.stream().map(d -> String.valueOf(d.get("day"))).toList(),
        LEFT,
        slot,
        H - BOTTOM + 16);
    svg.append("</svg>");
    html.append(svg);
    legend(html, List.of(series));
  }

  private static void accuracyChart(
      StringBuilder html, Map<String, Object> accuracy, List<String> models) {
    List<Map<String, Object>> days = maps(accuracy.get("days"));
    Set<String> versions = new LinkedHashSet<>();
    days.forEach(d -> versions.addAll(map(d.get("byModel")).keySet()));
    List<String> series = new ArrayList<>(List.of("all"));
    if (versions.size() > 1) {
      series.addAll(versions);
    }
    double pw = W - LEFT - RIGHT;
    double ph = H - TOP - BOTTOM;
    double slot = pw / Math.max(1, days.size());
    StringBuilder svg = open("chart-accuracy", "Accuracy per day", W);
    Svg.grid(svg, LEFT, TOP, pw, ph, 100, "%");
    boolean any = false;
    for (int s = 0; s < series.size(); s++) {
      String name = series.get(s);
      String colour = s == 0 ? "#111827" : modelColour(models, name);
      List<String> points = new ArrayList<>();
      for (int i = 0; i < days.size(); i++) {
        Map<String, Object> d = days.get(i);
        Map<String, Object> figures = s == 0 ? d : map(map(d.get("byModel")).get(name));
        if (!(figures.get("accuracy") instanceof Number n)) {
          continue;
        }
        any = true;
        long judged =
            s == 0
                ? ((Number) d.get("correct")).longValue()
                    + ((Number) d.get("incorrect")).longValue()
                : ((Number) figures.get("judged")).longValue();
        double x = LEFT + slot * i + slot / 2;
        double y = TOP + ph - ph * n.doubleValue();
        points.add(num(x) + "," + num(y));
        svg.append("<circle class=\"point\" data-day=\"")
            .append(esc(d.get("day")))
            .append("\" data-model=\"")
            .append(esc(name))
            .append("\" data-value=\"")
            .append(esc(n))
            .append("\" data-judged=\"")
            .append(judged)
            .append("\" cx=\"")
            .append(num(x))
            .append("\" cy=\"")
            .append(num(y))
            .append("\" r=\"")
            .append(s == 0 ? 4 : 3)
            .append("\" fill=\"")
            .append(colour)
            .append("\"><title>")
            .append(esc(d.get("day") + " " + name + ": " + percent(n) + " of " + judged))
            .append("</title></circle>");
      }
      if (points.size() > 1) {
        svg.append("<polyline fill=\"none\" stroke-width=\"")
            .append(s == 0 ? 2.5 : 1.5)
            .append("\" stroke=\"")
            .append(colour)
            .append(s == 0 ? "" : "\" stroke-dasharray=\"5 3")
            .append("\" points=\"")
            .append(String.join(" ", points))
            .append("\"/>");
      }
    }
    if (!any) {
      svg.append("<text x=\"")
          .append(W / 2)
          .append("\" y=\"")
          .append(H / 2)
          .append("\" text-anchor=\"middle\" class=\"empty\">no evaluations in this period</text>");
    }
    Svg.dayLabels(
        svg,
        days.stream().map(d -> String.valueOf(d.get("day"))).toList(),
        LEFT,
        slot,
        H - BOTTOM + 16);
    svg.append("</svg>");
    html.append(svg);
    if (series.size() > 1) {
      html.append("<div class=\"legend\"><span><i style=\"background:#111827\"></i>all</span>");
      for (int s = 1; s < series.size(); s++) {
        html.append("<span><i style=\"background:")
            .append(modelColour(models, series.get(s)))
            .append("\"></i>")
            .append(esc(series.get(s)))
            .append("</span>");
      }
      html.append("</div>");
    }
  }

  private static void reliabilityChart(StringBuilder html, Map<String, Object> accuracy) {
    Map<String, Object> reliability = map(accuracy.get("reliability"));
    List<Map<String, Object>> bins = maps(reliability.get("bins"));
    int size = 240;
    double left = 48;
    double top = 12;
    double plot = size - left - 12;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg id=\"chart-reliability\" role=\"img\" aria-label=\"Reliability diagram\" ")
        .append("viewBox=\"0 0 ")
        .append(size + 260)
        .append(" ")
        .append(size + 36)
        .append("\" width=\"100%\">");
    Svg.grid(svg, left, top, plot, plot, 100, "%");
    svg.append("<line x1=\"")
        .append(num(left))
        .append("\" y1=\"")
        .append(num(top + plot))
        .append("\" x2=\"")
        .append(num(left + plot))
        .append("\" y2=\"")
        .append(num(top))
        .append("\" stroke=\"#9ca3af\" stroke-dasharray=\"4 3\"/>");
    double w = plot / bins.size();
    for (int i = 0; i < bins.size(); i++) {
      Map<String, Object> b = bins.get(i);
      if (!(b.get("accuracy") instanceof Number acc)) {
        continue;
      }
      double h = plot * acc.doubleValue();
      svg.append("<rect class=\"bin\" data-band=\"")
          .append(esc(b.get("band")))
          .append("\" data-judged=\"")
          .append(esc(b.get("judged")))
          .append("\" data-value=\"")
          .append(esc(acc))
          .append("\" x=\"")
          .append(num(left + w * i + 1))
          .append("\" y=\"")
          .append(num(top + plot - h))
          .append("\" width=\"")
          .append(num(w - 2))
          .append("\" height=\"")
          .append(num(h))
          .append("\" fill=\"")
          .append(Svg.PALETTE[0])
          .append("\" fill-opacity=\"0.8\"><title>")
          .append(
              esc(
                  "confidence "
                      + b.get("band")
                      + ": accuracy "
                      + percent(acc)
                      + " of "
                      + b.get("judged")
                      + ", mean confidence "
                      + b.get("meanConfidence")))
          .append("</title></rect>");
    }
    for (int i = 0; i < bins.size(); i++) {
      if (bins.get(i).get("meanConfidence") instanceof Number confidence) {
        svg.append("<circle class=\"confidence\" data-band=\"")
            .append(esc(bins.get(i).get("band")))
            .append("\" cx=\"")
            .append(num(left + w * i + w / 2))
            .append("\" cy=\"")
            .append(num(top + plot - plot * confidence.doubleValue()))
            .append("\" r=\"3.5\" fill=\"")
            .append(Svg.PALETTE[2])
            .append("\"/>");
      }
    }
    for (int i = 0; i <= 10; i += 5) {
      svg.append("<text x=\"")
          .append(num(left + plot * i / 10.0))
          .append("\" y=\"")
          .append(num(top + plot + 16))
          .append("\" text-anchor=\"middle\" class=\"axis\">")
          .append(i / 10.0)
          .append("</text>");
    }
    svg.append("<text x=\"")
        .append(num(left + plot / 2))
        .append("\" y=\"")
        .append(num(top + plot + 32))
        .append("\" text-anchor=\"middle\" class=\"axis\">confidence</text>");
    svg.append("<text x=\"")
        .append(num(size + 10))
        .append("\" y=\"40\" class=\"note\">bars: accuracy per band</text>")
        .append("<text x=\"")
        .append(num(size + 10))
        .append("\" y=\"58\" class=\"note\">dots: mean confidence per band</text>")
        .append("<text x=\"")
        .append(num(size + 10))
        .append("\" y=\"76\" class=\"note\">dashed: perfect calibration</text>")
        .append("<text x=\"")
        .append(num(size + 10))
        .append("\" y=\"102\" class=\"note\" data-figure=\"ece-chart\">ECE ")
        .append(esc(reliability.get("ece") == null ? "–" : reliability.get("ece")))
        .append("</text></svg>");
    html.append(svg);
  }

  private static void costTable(StringBuilder html, Map<String, Object> usage) {
    Map<String, Object> cost = map(usage.get("cost"));
    html.append("<table id=\"table-cost\"><tbody>");
    row(html, "Memory (MB)", cost.get("memoryMb"), "cost-memory");
    row(html, "GB-seconds", cost.get("gbSeconds"), "cost-gb-seconds");
    row(html, "Compute (USD)", money(cost.get("computeUsd")), "cost-compute");
    row(html, "Requests (USD)", money(cost.get("requestUsd")), "cost-requests");
    row(html, "Total (USD)", money(cost.get("totalUsd")), "cost-total-table");
    row(
        html,
        "Per 1,000 classifications (USD)",
        money(cost.get("per1000Usd")),
        "cost-per-1000-table");
    html.append("</tbody></table><p class=\"note\">Estimated from logged request durations at ")
        .append(esc(plain(cost.get("pricePerGbSecond"))))
        .append(" USD per GB-second and ")
        .append(esc(plain(cost.get("pricePerRequest"))))
        .append(" USD per request.</p>");
  }

  private static void row(StringBuilder html, String name, Object value, String figure) {
    html.append("<tr><th>")
        .append(esc(name))
        .append("</th><td class=\"num\" data-figure=\"")
        .append(figure)
        .append("\">")
        .append(value == null ? "&ndash;" : esc(value))
        .append("</td></tr>");
  }

  private static void classTable(StringBuilder html, Map<String, Object> accuracy) {
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
          .append(esc(c.get("predicted")))
          .append("</td><td class=\"num\">")
          .append(esc(c.get("actual")))
          .append("</td><td class=\"num\">")
          .append(esc(c.get("truePositives")))
          .append("</td><td class=\"num\" data-figure=\"precision\">")
          .append(percent(c.get("precision")))
          .append("</td><td class=\"num\" data-figure=\"recall\">")
          .append(percent(c.get("recall")))
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
          .append(esc(c.get("count")))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static void modelTimeline(StringBuilder html, Map<String, Object> models) {
    List<Map<String, Object>> list = maps(models.get("models"));
    Object production = models.get("production");
    int rowHeight = 28;
    int height = Math.max(1, list.size()) * rowHeight + 24;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg id=\"chart-models\" role=\"img\" aria-label=\"Model timeline\" viewBox=\"0 0 ")
        .append(WIDE)
        .append(" ")
        .append(height)
        .append("\" width=\"100%\">");
    svg.append("<line x1=\"150\" y1=\"12\" x2=\"150\" y2=\"")
        .append(height - 8)
        .append("\" stroke=\"#d1d5db\" stroke-width=\"2\"/>");
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> m = list.get(i);
      boolean prod = String.valueOf(m.get("version")).equals(String.valueOf(production));
      double y = 24 + i * rowHeight;
      svg.append("<circle class=\"model\" data-version=\"")
          .append(esc(m.get("version")))
          .append("\" data-status=\"")
          .append(esc(m.get("status")))
          .append("\" cx=\"150\" cy=\"")
          .append(num(y))
          .append("\" r=\"")
          .append(prod ? 8 : 5)
          .append("\" fill=\"")
          .append(prod ? Svg.PALETTE[1] : statusColour(String.valueOf(m.get("status"))))
          .append("\"/>");
      svg.append("<text x=\"140\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\" class=\"axis\">")
          .append(esc(minute(m.get("registeredAt"))))
          .append("</text><text x=\"166\" y=\"")
          .append(num(y + 4))
          .append("\">")
          .append(esc(m.get("version")))
          .append(" &#183; ")
          .append(esc(String.valueOf(m.get("status")).toLowerCase(Locale.ROOT)))
          .append(
              prod && models.get("promotedAt") != null
                  ? " &#183; promoted " + esc(minute(models.get("promotedAt")))
                  : "")
          .append(m.get("parent") == null ? "" : " &#183; from " + esc(m.get("parent")))
          .append(" &#183; ")
          .append(esc(m.get("requests")))
          .append(" requests, accuracy ")
          .append(percent(map(m.get("evaluation")).get("accuracy")))
          .append("</text>");
    }
    if (list.isEmpty()) {
      svg.append("<text x=\"166\" y=\"28\" class=\"empty\">no model registered</text>");
    }
    svg.append("</svg>");
    html.append(svg);
  }

  private static String modelColour(List<String> models, String version) {
    int i = models.indexOf(version);
    return Svg.PALETTE[Math.max(0, i) % Svg.PALETTE.length];
  }

  /** "2026-11-29T15:07:24.089Z" as "2026-11-29 15:07". */
  private static String minute(Object instant) {
    String text = String.valueOf(instant);
    return text.length() >= 16 ? text.substring(0, 10) + " " + text.substring(11, 16) : text;
  }

  private static String statusColour(String status) {
    return switch (status) {
      case "CANDIDATE" -> Svg.PALETTE[0];
      case "REJECTED" -> Svg.PALETTE[5];
      case "THROW_AWAY" -> Svg.PALETTE[6];
      default -> Svg.PALETTE[7];
    };
  }

  private static void runsTables(StringBuilder html, Map<String, Object> models) {
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
            .append(esc(r.get("epochs") == null ? "" : r.get("epochs")))
            .append("</td><td class=\"run-time\">")
            .append(esc(r.get("seconds") == null ? "" : r.get("seconds") + " s"))
            .append("</td><td>");
        List<String> figures = new ArrayList<>();
        map(r.get("figures")).forEach((k, v) -> figures.add(k + " " + v));
        html.append(esc(String.join(", ", figures))).append("</td></tr>");
      }
      html.append("</tbody></table>");
    }
  }

  private static void legend(StringBuilder html, List<String> names) {
    html.append("<div class=\"legend\">");
    for (int i = 0; i < names.size(); i++) {
      html.append("<span><i style=\"background:")
          .append(Svg.PALETTE[i % Svg.PALETTE.length])
          .append("\"></i>")
          .append(esc(names.get(i)))
          .append("</span>");
    }
    html.append("</div>");
  }

  private static StringBuilder open(String id, String label, int width) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg id=\"")
        .append(id)
        .append("\" role=\"img\" aria-label=\"")
        .append(esc(label))
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(" ")
        .append(H)
        .append("\" width=\"100%\">");
    return svg;
  }

  private static String percent(Object ratio) {
    return ratio instanceof Number n
        ? String.format(Locale.ROOT, "%.1f%%", n.doubleValue() * 100)
        : "–";
  }

  private static String plain(Object number) {
    return number instanceof Number n
        ? java.math.BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString()
        : String.valueOf(number);
  }

  private static String money(Object usd) {
    return usd instanceof Number n ? String.format(Locale.ROOT, "%.6f", n.doubleValue()) : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object value) {
    return value instanceof List ? (List<Map<String, Object>>) value : List.of();
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  private static final String CSS =
      """
      :root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;\
      background:#f9fafb}
      body{margin:0}header{background:#111827;color:#f9fafb;padding:16px 24px}
      header h1{margin:0;font-size:22px}.sub{margin:4px 0 12px;color:#d1d5db}
      form label{margin-right:12px;font-size:14px}form input,form select,form button{font:inherit}
      main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;\
      padding:16px 24px}
      section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px}
      section.wide{grid-column:1/-1}h2{font-size:16px;margin:0 0 8px}h3{font-size:14px}
      .cards{display:flex;flex-wrap:wrap;gap:12px}.card{min-width:120px;padding:8px 12px;\
      border-radius:6px;background:#f3f4f6}
      .card .label{font-size:12px;color:#4b5563}.card .value{font-size:22px;font-weight:600}
      table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;\
      padding:4px 8px;border-bottom:1px solid #e5e7eb}td.num{text-align:right;\
      font-variant-numeric:tabular-nums}
      .axis{font-size:11px;fill:#6b7280}.note{font-size:12px;fill:#4b5563;color:#4b5563}
      .empty{fill:#9ca3af;color:#9ca3af}.legend span{margin-right:14px;font-size:12px}
      .legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
      .status-failed{color:#dc2626}.status-succeeded{color:#16a34a}
      footer{padding:8px 24px 24px;font-size:12px;color:#6b7280}
      """;
}
