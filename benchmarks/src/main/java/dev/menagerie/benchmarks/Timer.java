package dev.menagerie.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Repeated timings and their median, in milliseconds. */
public final class Timer {
  private final List<Double> samples = new ArrayList<>();

  /** Times one call of {@code work} and keeps the sample. */
  public double time(Work work) throws Exception {
    long t0 = System.nanoTime();
    work.run();
    double ms = (System.nanoTime() - t0) / 1e6;
    samples.add(ms);
    return ms;
  }

  public void add(double ms) {
    samples.add(ms);
  }

  public int count() {
    return samples.size();
  }

  public double median() {
    return median(samples);
  }

  public double min() {
    return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public List<Double> samples() {
    return List.copyOf(samples);
  }

  /**
   * The median of {@code a[i] / b[i]} over the pairs taken one right after the other: on a shared
   * machine whose load changes from minute to minute, the two runs of a pair see about the same
   * load, so this is steadier than the ratio of two medians.
   */
  public static double pairedRatio(Timer a, Timer b) {
    int n = Math.min(a.count(), b.count());
    if (n == 0) {
      return Double.NaN;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ratios.add(a.samples.get(i) / b.samples.get(i));
    }
    return median(ratios);
  }

  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** A measured piece of work. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }
}
