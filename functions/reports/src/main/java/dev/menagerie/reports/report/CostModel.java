package dev.menagerie.reports.report;

/**
 * Lambda's price for the classify function: GB-seconds of logged request time at the configured
 * memory, plus a price per request. An estimate: billed duration also counts init and rounding.
 */
public record CostModel(int memoryMb, double pricePerGbSecond, double pricePerRequest) {

  public double gbSeconds(long latencySumMs) {
    return latencySumMs / 1000.0 * memoryMb / 1024.0;
  }

  public double computeUsd(long latencySumMs) {
    return gbSeconds(latencySumMs) * pricePerGbSecond;
  }

  public double requestUsd(long requests) {
    return requests * pricePerRequest;
  }

  public double totalUsd(long requests, long latencySumMs) {
    return computeUsd(latencySumMs) + requestUsd(requests);
  }
}
