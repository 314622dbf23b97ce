package dev.menagerie.reports.dashboard;

import static dev.menagerie.reports.dashboard.Fields.map;
import static dev.menagerie.reports.dashboard.Fields.maps;
import static dev.menagerie.reports.dashboard.Svg.esc;
import static dev.menagerie.reports.dashboard.Svg.num;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The models report as a timeline: one row per registered version, production highlighted. */
final class ModelTimeline {
  private static final int ROW = 28;

  private ModelTimeline() {}

  static void draw(StringBuilder html, Map<String, Object> models) {
    Svg.section(html, "wide", "Model timeline");
    List<Map<String, Object>> list = maps(models.get("models"));
    Object production = models.get("production");
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
      Map<String, Object> m = list.get(i);
      boolean prod = String.valueOf(m.get("version")).equals(String.valueOf(production));
      double y = 24 + i * ROW;
      Svg.element(
          svg,
          "circle",
          null,
          "class",
          "model",
          "data-version",
          m.get("version"),
          "data-status",
          m.get("status"),
          "cx",
          150,
          "cy",
          num(y),
          "r",
          prod ? 8 : 5,
          "fill",
          prod ? Svg.PALETTE[1] : statusColour(String.valueOf(m.get("status"))));
      Svg.axisText(svg, esc(minute(m.get("registeredAt"))), "140", num(y + 4), "end");
      Svg.text(
          svg,
          esc(m.get("version"))
              + " &#183; "
              + esc(String.valueOf(m.get("status")).toLowerCase(Locale.ROOT))
              + (prod && models.get("promotedAt") != null
                  ? " &#183; promoted " + esc(minute(models.get("promotedAt")))
                  : "")
              + (m.get("parent") == null ? "" : " &#183; from " + esc(m.get("parent")))
              + " &#183; "
              + Fields.shown(Fields.count(m.get("requests")))
              + " requests, accuracy "
              + Fields.percent(map(m.get("evaluation")).get("accuracy")),
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
}
