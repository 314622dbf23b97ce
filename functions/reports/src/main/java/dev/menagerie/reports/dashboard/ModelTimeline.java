package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Svg.esc;
import static dev.menagerie.reports.dashboard.Svg.num;

import dev.menagerie.reports.report.ModelsReport;
import java.util.List;
import java.util.Locale;

/** The models report as a timeline: one row per registered version, production highlighted. */
final class ModelTimeline {
  private static final int ROW = 28;

  private ModelTimeline() {}

  static void draw(StringBuilder html, ModelsReport models) {
    Svg.section(html, "wide", "Model timeline");
    List<ModelsReport.Model> list = models.models();
    String production = models.production();
    int height = Math.max(1, list.size()) * ROW + 24;
    StringBuilder svg = Svg.open("chart-models", "Model timeline", Svg.WIDE, height);
    Svg.element(
        svg,
        "line",
        null,
        "x1",
        150,
        "y1",
        12,
        "x2",
        150,
        "y2",
        height - 8,
        "stroke",
        "#d1d5db",
        "stroke-width",
        2);
    for (int i = 0; i < list.size(); i++) {
      ModelsReport.Model m = list.get(i);
      boolean prod = m.version().equals(String.valueOf(production));
      double y = 24 + i * ROW;
      Svg.element(
          svg,
          "circle",
          null,
          "class",
          "model",
          "data-version",
          m.version(),
          "data-status",
          m.status(),
          "cx",
          150,
          "cy",
          num(y),
          "r",
          prod ? 8 : 5,
          "fill",
          prod ? Svg.PALETTE[1] : statusColour(m.status()));
      Svg.axisText(svg, esc(minute(m.registeredAt())), "140", num(y + 4), "end");
      Svg.text(
          svg,
          esc(m.version())
              + " &#183; "
              + esc(m.status().toLowerCase(Locale.ROOT))
              + (prod && models.promotedAt() != null
                  ? " &#183; promoted " + esc(minute(models.promotedAt()))
                  : "")
              + (m.parent() == null ? "" : " &#183; from " + esc(m.parent()))
              + " &#183; "
              + Fields.shown(Fields.count(m.requests()))
              + " requests, accuracy "
              + Fields.percent(m.evaluation().accuracy()),
          "x",
          166,
          "y",
          num(y + 4));
    }
    if (list.isEmpty()) {
      Svg.text(svg, "no model registered", "x", 166, "y", 28, "class", "empty");
    }
    html.append(svg).append("</svg>");
    html.append("</section>");
  }

  /** "2026-11-29T15:07:24.089Z" as "2026-11-29 15:07". */
  private static String minute(String instant) {
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
}
