package dev.menagerie.reports.report;

import java.util.List;
import java.util.Map;

/**
 * The usage report ({@code GET /reports/usage}): requests and errors in total and per day, by
 * status, model, label, caller and confidence band, latency percentiles and the estimated cost.
 * Served as JSON with these names, in this order.
 */
public record UsageReport(
    String report,
    ReportPeriodFigures period,
    Totals totals,
    Latency latencyMs,
    Cost cost,
    List<Day> days) {

  /** The period's totals. */
  public record Totals(
      long requests,
      long errors,
      Map<String, Long> byStatus,
      Map<String, Long> byModel,
      Map<String, Long> byLabel,
      Map<String, Long> byCaller,
      Map<String, Long> byConfidenceBand) {}

  /** Latency percentiles and mean in milliseconds; null when there was no request. */
  public record Latency(Long p50, Long p95, Long p99, Double mean) {}

  /** The estimated Lambda cost and the prices it is computed from. */
  public record Cost(
      int memoryMb,
      double pricePerGbSecond,
      double pricePerRequest,
      double gbSeconds,
      double computeUsd,
      double requestUsd,
      double totalUsd,
      Double per1000Usd) {}

  /** One day's usage. */
  public record Day(
      String day,
      long requests,
      long errors,
      Map<String, Long> byModel,
      Map<String, Long> byStatus,
      Map<String, Long> byLabel,
      Map<String, Long> byCaller,
      Latency latencyMs,
      double costUsd) {}
}
