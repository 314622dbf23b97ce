package dev.menagerie.reports.dashboard;

import dev.menagerie.reports.report.Figures;

/** How the dashboard shows a figure of a report: a dash where the report has none (null). */
final class Fields {
  private Fields() {}

  /** A figure as the page shows it, escaped; a dash when there is none. */
  static String shown(Object value) {
    return value == null ? "&ndash;" : Svg.esc(value);
  }

  /** A count with thousands separators, or null (a dash) when there is none. */
  static String count(Number value) {
    return value == null ? null : Figures.count(value.longValue());
  }

  /** Dollars as people read them ({@link Figures#usd}), or null (a dash) when there is none. */
  static String usd(Number value) {
    return value == null ? null : Figures.usd(value.doubleValue());
  }

  /** A measured quantity ({@link Figures#quantity}), or null (a dash) when there is none. */
  static String quantity(Number value) {
    return value == null ? null : Figures.quantity(value.doubleValue());
  }

  /** A ratio as a percentage, or a dash when there is none. */
  static String percent(Number ratio) {
    return ratio == null ? "–" : Figures.percent(ratio.doubleValue());
  }
}
