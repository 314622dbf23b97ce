package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Svg.BOTTOM;
import static dev.menagerie.reports.dashboard.Svg.HEIGHT;
import static dev.menagerie.reports.dashboard.Svg.LEFT;
import static dev.menagerie.reports.dashboard.Svg.NARROW;
import static dev.menagerie.reports.dashboard.Svg.RIGHT;
import static dev.menagerie.reports.dashboard.Svg.TOP;
import static dev.menagerie.reports.dashboard.Svg.esc;
import static dev.menagerie.reports.dashboard.Svg.num;

import dev.menagerie.reports.report.AccuracyReport;
import dev.menagerie.reports.report.Figures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The accuracy report's charts: accuracy per day (overall and by model), and calibration. */
final class AccuracyCharts {
  private static final String ALL = "#111827";

  private AccuracyCharts() {}

  /** Accuracy per day; with two or more model versions in the period, one dashed line each. */
  static void perDay(StringBuilder html, AccuracyReport accuracy, List<String> models) {
    Svg.section(html, "", "Accuracy per day (manual evaluations)");
    List<AccuracyReport.Day> days = accuracy.days();
    Set<String> versions = new LinkedHashSet<>();
    days.forEach(d -> versions.addAll(d.byModel().keySet()));
    List<String> series = new ArrayList<>(List.of("all"));
    if (versions.size() > 1) {
      series.addAll(versions);
    }
    double pw = NARROW - LEFT - RIGHT;
    double ph = HEIGHT - TOP - BOTTOM;
    double slot = pw / Math.max(1, days.size());
    StringBuilder svg = Svg.open("chart-accuracy", "Accuracy per day", NARROW, HEIGHT);
    Svg.grid(svg, LEFT, TOP, pw, ph, 100, "%");
    boolean any = false;
    List<String> colours = new ArrayList<>();
    for (int s = 0; s < series.size(); s++) {
      String name = series.get(s);
      String colour = s == 0 ? ALL : Svg.colour(models.indexOf(name));
      colours.add(colour);
      List<String> points = new ArrayList<>();
      for (int i = 0; i < days.size(); i++) {
        AccuracyReport.Day d = days.get(i);
        AccuracyReport.DayModel byModel = s == 0 ? null : d.byModel().get(name);
        Double n = s == 0 ? d.accuracy() : byModel == null ? null : byModel.accuracy();
        if (n == null) {
          continue;
        }
        any = true;
        long judged = s == 0 ? d.correct() + d.incorrect() : byModel.judged();
        double x = LEFT + slot * i + slot / 2;
        double y = TOP + ph - ph * n;
        points.add(num(x) + "," + num(y));
        Svg.element(
            svg,
            "circle",
            d.day() + " " + name + ": " + Fields.percent(n) + " of " + Figures.count(judged),
            "class",
            "point",
            "data-day",
            d.day(),
            "data-model",
            name,
            "data-value",
            n,
            "data-judged",
            judged,
            "cx",
            num(x),
            "cy",
            num(y),
            "r",
            s == 0 ? 4 : 3,
            "fill",
            colour);
      }
      Svg.polyline(
          svg,
          points,
          s == 0
              ? new Object[] {"stroke-width", 2.5, "stroke", colour}
              : new Object[] {"stroke-width", 1.5, "stroke", colour, "stroke-dasharray", "5 3"});
    }
    if (!any) {
      Svg.text(
          svg,
          "no evaluations in this period",
          "x",
          NARROW / 2,
          "y",
          HEIGHT / 2,
          "text-anchor",
          "middle",
          "class",
          "empty");
    }
    Svg.dayLabels(
        svg, days.stream().map(AccuracyReport.Day::day).toList(), LEFT, slot, HEIGHT - BOTTOM + 16);
    html.append(svg).append("</svg>");
    if (series.size() > 1) {
      Svg.legend(html, series, colours);
    }
    html.append("</section>");
  }

  /** Accuracy per confidence band against the band's mean confidence, with the diagonal. */
  static void reliability(StringBuilder html, AccuracyReport accuracy) {
    Svg.section(html, "", "Reliability diagram");
    AccuracyReport.Reliability reliability = accuracy.reliability();
    List<AccuracyReport.Bin> bins = reliability.bins();
    int size = 240;
    double left = 48;
    double top = 12;
    double plot = size - left - 12;
    StringBuilder svg = Svg.open("chart-reliability", "Reliability diagram", size + 260, size + 36);
    Svg.grid(svg, left, top, plot, plot, 100, "%");
    Svg.element(
        svg,
        "line",
        null,
        "x1",
        num(left),
        "y1",
        num(top + plot),
        "x2",
        num(left + plot),
        "y2",
        num(top),
        "stroke",
        "#9ca3af",
        "stroke-dasharray",
        "4 3");
    double w = plot / bins.size();
    for (int i = 0; i < bins.size(); i++) {
      AccuracyReport.Bin b = bins.get(i);
      Double acc = b.accuracy();
      if (acc == null) {
        continue;
      }
      double h = plot * acc;
      Svg.element(
          svg,
          "rect",
          "confidence "
              + b.band()
              + ": accuracy "
              + Fields.percent(acc)
              + " of "
              + Fields.count(b.judged())
              + ", mean confidence "
              + b.meanConfidence(),
          "class",
          "bin",
          "data-band",
          b.band(),
          "data-judged",
          b.judged(),
          "data-value",
          acc,
          "x",
          num(left + w * i + 1),
          "y",
          num(top + plot - h),
          "width",
          num(w - 2),
          "height",
          num(h),
          "fill",
          Svg.PALETTE[0],
          "fill-opacity",
          "0.8");
    }
    for (int i = 0; i < bins.size(); i++) {
      Double confidence = bins.get(i).meanConfidence();
      if (confidence != null) {
        Svg.element(
            svg,
            "circle",
            null,
            "class",
            "confidence",
            "data-band",
            bins.get(i).band(),
            "cx",
            num(left + w * i + w / 2),
            "cy",
            num(top + plot - plot * confidence),
            "r",
            "3.5",
            "fill",
            Svg.PALETTE[2]);
      }
    }
    for (int i = 0; i <= 10; i += 5) {
      Svg.axisText(
          svg,
          String.valueOf(i / 10.0),
          num(left + plot * i / 10.0),
          num(top + plot + 16),
          "middle");
    }
    Svg.axisText(svg, "confidence", num(left + plot / 2), num(top + plot + 32), "middle");
    String x = num(size + 10);
    Svg.text(svg, "bars: accuracy per band", "x", x, "y", 40, "class", "note");
    Svg.text(svg, "dots: mean confidence per band", "x", x, "y", 58, "class", "note");
    Svg.text(svg, "dashed: perfect calibration", "x", x, "y", 76, "class", "note");
    Svg.text(
        svg,
        "ECE " + esc(reliability.ece() == null ? "–" : reliability.ece()),
        "x",
        x,
        "y",
        102,
        "class",
        "note",
        "data-figure",
        "ece-chart");
    html.append(svg).append("</svg>");
    html.append("</section>");
  }
}
