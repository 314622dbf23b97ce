package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Svg.BOTTOM;
import static dev.menagerie.reports.dashboard.Svg.HEIGHT;
import static dev.menagerie.reports.dashboard.Svg.LEFT;
import static dev.menagerie.reports.dashboard.Svg.RIGHT;
import static dev.menagerie.reports.dashboard.Svg.TOP;
import static dev.menagerie.reports.dashboard.Svg.num;

import dev.menagerie.reports.report.UsageReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The usage report's day charts: requests stacked by model version, and latency percentiles. */
final class UsageCharts {
  private UsageCharts() {}

  /** Stacked bars, one colour per model version ({@code models} first, in their order). */
  static void requests(StringBuilder html, UsageReport usage, List<String> models) {
    Svg.section(html, "wide", "Requests per day by model version");
    List<UsageReport.Day> days = usage.days();
    Set<String> versions = new LinkedHashSet<>();
    double max = 0;
    for (UsageReport.Day d : days) {
      versions.addAll(d.byModel().keySet());
      max = Math.max(max, d.requests());
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
      UsageReport.Day d = days.get(i);
      double y = TOP + ph;
      for (Map.Entry<String, Long> e : d.byModel().entrySet()) {
        double v = e.getValue();
        double h = ph * v / top;
        y -= h;
        Svg.element(
            svg,
            "rect",
            d.day() + " " + e.getKey() + ": " + Fields.count(e.getValue()),
            "class",
            "bar",
            "data-day",
            d.day(),
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
    Svg.dayLabels(
        svg, days.stream().map(UsageReport.Day::day).toList(), LEFT, slot, HEIGHT - BOTTOM + 16);
    html.append(svg).append("</svg>");
    Svg.legend(html, colours);
    html.append("</section>");
  }

  /** p50, p95 and p99 per day, as points joined by lines. */
  static void latency(StringBuilder html, UsageReport usage) {
    Svg.section(html, "", "Latency per day (ms)");
    List<UsageReport.Day> days = usage.days();
    String[] series = {"p50", "p95", "p99"};
    double max = 0;
    for (UsageReport.Day d : days) {
      for (int s = 0; s < series.length; s++) {
        Long v = percentile(d.latencyMs(), s);
        if (v != null) {
          max = Math.max(max, v);
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
        Long v = percentile(days.get(i).latencyMs(), s);
        if (v != null) {
          double x = LEFT + slot * i + slot / 2;
          double y = TOP + ph - ph * v / top;
          points.add(num(x) + "," + num(y));
          Svg.element(
              svg,
              "circle",
              series[s] + " " + days.get(i).day() + ": " + Fields.count(v) + " ms",
              "class",
              "point",
              "data-series",
              series[s],
              "data-day",
              days.get(i).day(),
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
    Svg.dayLabels(
        svg, days.stream().map(UsageReport.Day::day).toList(), LEFT, slot, HEIGHT - BOTTOM + 16);
    html.append(svg).append("</svg>");
    Svg.legend(html, List.of(series));
    html.append("</section>");
  }

  /** p50, p95 or p99 ({@code series} 0, 1, 2), null when the day had no request. */
  private static Long percentile(UsageReport.Latency latency, int series) {
    return switch (series) {
      case 0 -> latency.p50();
      case 1 -> latency.p95();
      default -> latency.p99();
    };
  }
}
