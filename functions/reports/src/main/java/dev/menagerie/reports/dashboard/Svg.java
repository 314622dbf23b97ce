package dev.menagerie.reports.dashboard;

import dev.menagerie.reports.report.Figures;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The dashboard's chart kit: inline SVG elements, axes, day labels and legends, with no script and
 * no fonts or files to fetch. Every attribute value goes through {@link #esc}.
 */
final class Svg {
  static final String[] PALETTE = {
    "#2563eb", "#16a34a", "#ea580c", "#9333ea", "#0891b2", "#dc2626", "#ca8a04", "#4b5563"
  };

  /** Width of a chart in a half-width section. */
  static final int NARROW = 720;

  /** Charts spanning the page are drawn wider, so their text keeps the size of the others'. */
  static final int WIDE = 1100;

  /** Height of a day chart, and its plot area's margins. */
  static final int HEIGHT = 240;

  static final int LEFT = 56;
  static final int RIGHT = 16;
  static final int TOP = 16;
  static final int BOTTOM = 40;

  private Svg() {}

  static String esc(Object value) {
    String s = value == null ? "" : String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * Opens a section of the page (a card, or with {@code cssClass} "wide" a full-width one) with its
   * heading; whoever opens one closes it with {@code </section>}.
   */
  static void section(StringBuilder html, String cssClass, String title) {
    html.append(cssClass.isEmpty() ? "<section>" : "<section class=\"" + cssClass + "\">")
        .append("<h2>")
        .append(esc(title))
        .append("</h2>");
  }

  /** An {@code <svg>} element's opening tag, scaled to the section's width. */
  static StringBuilder open(String id, String label, int width, int height) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg");
    attributes(
        svg,
        "id",
        id,
        "role",
        "img",
        "aria-label",
        label,
        "viewBox",
        "0 0 " + width + " " + height);
    return svg.append(" width=\"100%\">");
  }

  /**
   * One element with its attributes in order ({@code name, value, name, value, ...}) and, when
   * {@code title} is not null, a tooltip; without one it is self-closed.
   */
  static void element(StringBuilder svg, String tag, String title, Object... attributes) {
    svg.append('<').append(tag);
    attributes(svg, attributes);
    if (title == null) {
      svg.append("/>");
    } else {
      svg.append("><title>").append(esc(title)).append("</title></").append(tag).append('>');
    }
  }

  /** A {@code <text>} element; {@code html} is already escaped (it may hold entities). */
  static void text(StringBuilder svg, String html, Object... attributes) {
    tag(svg, "text", html, attributes);
  }

  /** An element holding {@code html}, which is already escaped. */
  static void tag(StringBuilder out, String tag, String html, Object... attributes) {
    out.append('<').append(tag);
    attributes(out, attributes);
    out.append('>').append(html).append("</").append(tag).append('>');
  }

  /** A line through {@code points} ("x,y" each), drawn only when there are two or more. */
  static void polyline(StringBuilder svg, List<String> points, Object... stroke) {
    if (points.size() > 1) {
      svg.append("<polyline fill=\"none\"");
      attributes(svg, stroke);
      attributes(svg, "points", String.join(" ", points));
      svg.append("/>");
    }
  }

  /** An axis maximum at or above {@code max} whose quarters are 1, 2 or 5 x 10^n. */
  static double niceMax(double max) {
    if (max <= 0) {
      return 4;
    }
    double quarter = max / 4;
    double magnitude = Math.pow(10, Math.floor(Math.log10(quarter)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * magnitude >= quarter) {
        return 4 * step * magnitude;
      }
    }
    return 40 * magnitude;
  }

  /** Horizontal grid lines with labels on the left of a plot area. */
  static void grid(
      StringBuilder svg,
      double left,
      double top,
      double width,
      double height,
      double max,
      String unit) {
    for (int i = 0; i <= 4; i++) {
      double y = top + height - height * i / 4.0;
      double value = max * i / 4.0;
      element(
          svg,
          "line",
          null,
          "x1",
          num(left),
          "y1",
          num(y),
          "x2",
          num(left + width),
          "y2",
          num(y),
          "stroke",
          "#e5e7eb");
      axisText(svg, esc(label(value) + unit), num(left - 6), num(y + 4), "end");
    }
  }

  static String label(double v) {
    if (v == Math.rint(v)) {
      return Figures.count((long) v);
    }
    return String.format(Locale.ROOT, v < 1 ? "%.2f" : "%.1f", v);
  }

  /** Day labels under a plot, thinned out to at most ~8. */
  static void dayLabels(StringBuilder svg, List<String> days, double left, double slot, double y) {
    int every = Math.max(1, (int) Math.ceil(days.size() / 8.0));
    for (int i = 0; i < days.size(); i += every) {
      axisText(
          svg, esc(days.get(i).substring(5)), num(left + slot * i + slot / 2), num(y), "middle");
    }
  }

  /** Axis text: small and grey, anchored {@code anchor} at (x, y). */
  static void axisText(StringBuilder svg, String html, String x, String y, String anchor) {
    text(svg, html, "x", x, "y", y, "text-anchor", anchor, "class", "axis");
  }

  /** A legend under a chart: one swatch of {@code colours.get(i)} per name. */
  static void legend(StringBuilder html, List<String> names, List<String> colours) {
    html.append("<div class=\"legend\">");
    for (int i = 0; i < names.size(); i++) {
      html.append("<span><i style=\"background:")
          .append(colours.get(i))
          .append("\"></i>")
          .append(esc(names.get(i)))
          .append("</span>");
    }
    html.append("</div>");
  }

  /** A legend in palette order. */
  static void legend(StringBuilder html, List<String> names) {
    legend(html, names, IntStream.range(0, names.size()).mapToObj(Svg::colour).toList());
  }

  static String colour(int index) {
    return PALETTE[Math.max(0, index) % PALETTE.length];
  }

  private static void attributes(StringBuilder svg, Object... attributes) {
    for (int i = 0; i < attributes.length; i += 2) {
      svg.append(' ')
          .append(attributes[i])
          .append("=\"")
          .append(esc(attributes[i + 1]))
          .append('"');
    }
  }
}
