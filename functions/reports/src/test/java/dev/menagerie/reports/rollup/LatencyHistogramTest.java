package dev.menagerie.reports.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void smallLatencies_shouldGiveExactNearestRankPercentiles() {
    // GIVEN 5, 60, 70, 80, 90, 100, 100, 110, 120 ms (below 128 ms every value has its bucket)
    LatencyHistogram h = new LatencyHistogram();
    for (long ms : new long[] {100, 120, 80, 5, 110, 90, 70, 60, 100}) {
      h.add(ms);
    }

    // THEN nearest rank: p50 is the 5th value, p95 and p99 the 9th
    assertThat(h.percentile(50)).hasValue(90);
    assertThat(h.percentile(95)).hasValue(120);
    assertThat(h.percentile(99)).hasValue(120);
    assertThat(h.count()).isEqualTo(9);
  }

  @Test
  void largeLatencies_shouldStayWithinOneSixtyFourthOfTheTruth() {
    // GIVEN 10,000 latencies spread over 1 ms .. 60 s
    Random random = new Random(7);
    long[] values = new long[10_000];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(random.nextDouble() * Math.log(60_000));
      h.add(values[i]);
    }
    java.util.Arrays.sort(values);

    // THEN each percentile is within 1/64 of the exact nearest-rank value
    for (double p : new double[] {50, 90, 95, 99, 99.9}) {
      long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
      assertThat((double) h.percentile(p).getAsLong())
          .as("p" + p)
          .isCloseTo(exact, org.assertj.core.data.Offset.offset(exact / 64.0 + 1));
    }
  }

  @Test
  void mergedDays_shouldEqualOneHistogramOfAllValues() {
    // GIVEN two days kept apart and the same values in one histogram
    LatencyHistogram monday = new LatencyHistogram();
    LatencyHistogram tuesday = new LatencyHistogram();
    LatencyHistogram both = new LatencyHistogram();
    for (int i = 1; i <= 500; i++) {
      (i % 3 == 0 ? monday : tuesday).add(i * 7L);
      both.add(i * 7L);
    }

    // WHEN the days are merged through their stored form
    LatencyHistogram merged = LatencyHistogram.fromMap(monday.toMap());
    merged.merge(LatencyHistogram.fromMap(tuesday.toMap()));

    // THEN every percentile agrees
    for (double p : new double[] {1, 50, 95, 99, 100}) {
      assertThat(merged.percentile(p)).isEqualTo(both.percentile(p));
    }
    assertThat(merged.toMap()).isEqualTo(both.toMap());
  }

  @Test
  void bucketValue_shouldLieInsideItsBucket() {
    for (long ms = 0; ms < 2_000_000; ms += 37) {
      int index = LatencyHistogram.index(ms);
      long value = LatencyHistogram.value(index);
      assertThat(LatencyHistogram.index(value)).as("value of bucket of " + ms).isEqualTo(index);
    }
  }
}
