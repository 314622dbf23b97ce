package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Fields.map;
import static dev.menagerie.reports.dashboard.Fields.maps;
import static dev.menagerie.reports.dashboard.Svg.BOTTOM;
import static dev.menagerie.reports.dashboard.Svg.HEIGHT;
import static dev.menagerie.reports.dashboard.Svg.LEFT;
import static dev.menagerie.reports.dashboard.Svg.RIGHT;
import static dev.menagerie.reports.dashboard.Svg.TOP;
import static dev.menagerie.reports.dashboard.Svg.num;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The usage report's day charts: requests stacked by model version, and latency percentiles. */
final class UsageCharts {
  private UsageCharts() {}

  /** Stacked bars, one colour per model version ({@code models} first, in their order). */
  static void requests(StringBuilder html, Map<String, Object> usage, List<String> models) {
    Svg.section(html, "wide", "Requests per day by model version");
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
    double pw = Svg.WIDE - LEFT - RIGHT;
    double ph = HEIGHT - TOP - BOTTOM;
    double slot = pw / Math.max(1, days.size());
    StringBuilder svg =
        Svg.open("chart-requests", "Requests per day by model version", Svg.WIDE, HEIGHT);
    Svg.grid(svg, LEFT, TOP, pw, ph, top, "");
    for (int i = 0; i < days.size(); i++) {
      Map<String, Object> d = days.get(i);
      double y = TOP + ph;
      for (Map.Entry<String, Object> e : map(d.get("byModel")).entrySet()) {
        double v = ((Number) e.getValue()).doubleValue();
        double h = ph * v / top;
        y -= h;
        Svg.element(
            svg,
            "rect",
            d.get("day") + " " + e.getKey() + ": " + Fields.count(e.getValue()),
            "class",
            "bar",
            "data-day",
            d.get("day"),
            "data-model",
            e.getKey(),
            "data-value",
            e.getValue(),
            "x",
            num(LEFT + slot * i + slot * 0.15),
            "y",
            num(y),
            "width",
            num(slot * 0.7),
            "height",
            num(h),
            "fill",
            Svg.colour(colours.indexOf(e.getKey())));
      }
    }
    Svg.dayLabels(svg, Fields.dayNames(days), LEFT, slot, HEIGHT - BOTTOM + 16);
    html.append(svg).append("</svg>");
    Svg.legend(html, colours);
    html.append("</section>");
  }

  /** p50, p95 and p99 per day, as points joined by lines. */
  static void latency(StringBuilder html, Map<String, Object> usage) {
    Svg.section(html, "", "Latency per day (ms)");
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
    double pw = Svg.NARROW - LEFT - RIGHT;
    double ph = HEIGHT - TOP - BOTTOM;
    double slot = pw / Math.max(1, days.size());
    StringBuilder svg =
        Svg.open("chart-latency", "Latency percentiles per day", Svg.NARROW, HEIGHT);
    Svg.grid(svg, LEFT, TOP, pw, ph, top, "");
    for (int s = 0; s < series.length; s++) {
      List<String> points = new ArrayList<>();
      for (int i = 0; i < days.size(); i++) {
        Object v = map(days.get(i).get("latencyMs")).get(series[s]);
        if (v instanceof Number n) {
          double x = LEFT + slot * i + slot / 2;
          double y = TOP + ph - ph * n.doubleValue() / top;
          points.add(num(x) + "," + num(y));
          Svg.element(
              svg,
              "circle",
              series[s] + " " + days.get(i).get("day") + ": " + Fields.count(v) + " ms",
              "class",
              "point",
              "data-series",
              series[s],
              "data-day",
              days.get(i).get("day"),
              "data-value",
              v,
              "cx",
              num(x),
              "cy",
              num(y),
              "r",
              "3",
              "fill",
              Svg.PALETTE[s]);
        }
      }
      Svg.polyline(svg, points, "stroke-width", "2", "stroke", Svg.PALETTE[s]);
    }
    Svg.dayLabels(svg, Fields.dayNames(days), LEFT, slot, HEIGHT - BOTTOM + 16);
    html.append(svg).append("</svg>");
    Svg.legend(html, List.of(series));
    html.append("</section>");
  }
}
