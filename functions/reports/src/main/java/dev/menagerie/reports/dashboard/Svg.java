package dev.menagerie.reports.dashboard;

import java.util.List;
import java.util.Locale;

/** Small helpers to draw charts as inline SVG: no script, no fonts or files to fetch. */
final class Svg {
  static final String[] PALETTE = {
    "#2563eb", "#16a34a", "#ea580c", "#9333ea", "#0891b2", "#dc2626", "#ca8a04", "#4b5563"
  };

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
      svg.append("<line x1=\"")
          .append(num(left))
          .append("\" y1=\"")
          .append(num(y))
          .append("\" x2=\"")
          .append(num(left + width))
          .append("\" y2=\"")
          .append(num(y))
          .append("\" stroke=\"#e5e7eb\"/>");
      svg.append("<text x=\"")
          .append(num(left - 6))
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\" class=\"axis\">")
          .append(esc(label(value) + unit))
          .append("</text>");
    }
  }

  static String label(double v) {
    if (v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, v < 1 ? "%.2f" : "%.1f", v);
  }

  /** Day labels under a plot, thinned out to at most ~8. */
  static void dayLabels(StringBuilder svg, List<String> days, double left, double slot, double y) {
    int every = Math.max(1, (int) Math.ceil(days.size() / 8.0));
    for (int i = 0; i < days.size(); i += every) {
      svg.append("<text x=\"")
          .append(num(left + slot * i + slot / 2))
          .append("\" y=\"")
          .append(num(y))
          .append("\" text-anchor=\"middle\" class=\"axis\">")
          .append(esc(days.get(i).substring(5)))
          .append("</text>");
    }
  }
}
