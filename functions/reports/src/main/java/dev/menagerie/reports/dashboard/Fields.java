package dev.menagerie.reports.dashboard;

import dev.menagerie.reports.report.Figures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the reports' maps (as the JSON routes return them): a missing part reads as empty. */
final class Fields {
  private Fields() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object value) {
    return value instanceof List ? (List<Map<String, Object>>) value : List.of();
  }

  static List<String> strings(Object value) {
    return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /** A figure as the page shows it, escaped; a dash when there is none. */
  static String shown(Object value) {
    return value == null ? "&ndash;" : Svg.esc(value);
  }

  /** A count with thousands separators, or null (a dash) when there is none. */
  static String count(Object value) {
    return value instanceof Number n ? Figures.count(n.longValue()) : null;
  }

  /** Dollars as people read them ({@link Figures#usd}), or null (a dash) when there is none. */
  static String usd(Object value) {
    return value instanceof Number n ? Figures.usd(n.doubleValue()) : null;
  }

  /** A measured quantity ({@link Figures#quantity}), or null (a dash) when there is none. */
  static String quantity(Object value) {
    return value instanceof Number n ? Figures.quantity(n.doubleValue()) : null;
  }

  /** A ratio as a percentage, or a dash when there is none. */
  static String percent(Object ratio) {
    return ratio instanceof Number n ? Figures.percent(n.doubleValue()) : "–";
  }

  /** The days' names, in order, for the day labels under a chart. */
  static List<String> dayNames(List<Map<String, Object>> days) {
    return days.stream().map(d -> String.valueOf(d.get("day"))).toList();
  }
}
