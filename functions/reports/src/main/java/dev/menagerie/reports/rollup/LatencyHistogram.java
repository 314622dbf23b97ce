package dev.menagerie.reports.rollup;

import java.util.Map;
import java.util.TreeMap;

/**
 * Latencies in milliseconds as counts per bucket, so percentiles can be taken over any set of days
 * by adding the days' buckets. Values below 128 ms have a bucket each (exact); above, each power of
 * two is split into 64 buckets (HdrHistogram's layout), so a percentile is within 1/64 (1.6%) of
 * the true value. A day's histogram is a few dozen non-empty buckets.
 */
public final class LatencyHistogram {
  private static final int EXACT = 128;
  private static final int SUB_BUCKETS = 64;

  private final TreeMap<Integer, Long> counts = new TreeMap<>();
  private long total;

  public void add(long millis) {
    add(index(Math.max(0, millis)), 1);
  }

  public void merge(LatencyHistogram other) {
    other.counts.forEach(this::add);
  }

  private void add(int bucket, long count) {
    counts.merge(bucket, count, Long::sum);
    total += count;
  }

  public long count() {
    return total;
  }

  /**
   * The nearest-rank percentile: the smallest bucket value v with at least ceil(p/100 x n) values
   * at or below it. Empty histograms have none.
   */
  public java.util.OptionalLong percentile(double p) {
    if (total == 0) {
      return java.util.OptionalLong.empty();
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
    long seen = 0;
    for (Map.Entry<Integer, Long> bucket : counts.entrySet()) {
      seen += bucket.getValue();
      if (seen >= rank) {
        return java.util.OptionalLong.of(value(bucket.getKey()));
      }
    }
    return java.util.OptionalLong.of(value(counts.lastKey()));
  }

  static int index(long millis) {
    if (millis < EXACT) {
      return (int) millis;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(millis); // >= 7
    int shift = exponent - 6;
    int sub = (int) (millis >>> shift); // 64..127
    return EXACT + (exponent - 7) * SUB_BUCKETS + (sub - SUB_BUCKETS);
  }

  /** The value a bucket stands for: exact below 128 ms, the middle of the bucket above. */
  static long value(int index) {
    if (index < EXACT) {
      return index;
    }
    int exponent = 7 + (index - EXACT) / SUB_BUCKETS;
    int sub = SUB_BUCKETS + (index - EXACT) % SUB_BUCKETS;
    int shift = exponent - 6;
    long lower = ((long) sub) << shift;
    long width = 1L << shift;
    return lower + (width - 1) / 2;
  }

  /** The stored form: bucket index (as text, for JSON) to count, non-empty buckets only. */
  public Map<String, Long> toMap() {
    Map<String, Long> map = new TreeMap<>();
    counts.forEach((k, v) -> map.put(Integer.toString(k), v));
    return map;
  }

  public static LatencyHistogram fromMap(Map<String, ? extends Number> map) {
    LatencyHistogram h = new LatencyHistogram();
    if (map != null) {
      map.forEach((k, v) -> h.add(Integer.parseInt(k), v.longValue()));
    }
    return h;
  }
}
