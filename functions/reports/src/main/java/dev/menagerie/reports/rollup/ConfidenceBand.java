package dev.menagerie.reports.rollup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Ten bands of the top label's confidence: [0.0, 0.1), ..., [0.9, 1.0]. */
public final class ConfidenceBand {
  public static final int BANDS = 10;

  private ConfidenceBand() {}

  public static int index(double confidence) {
    int i = (int) Math.floor(confidence * BANDS);
    return Math.max(0, Math.min(BANDS - 1, i));
  }

  /** The band's name, e.g. "0.9-1.0". */
  public static String of(double confidence) {
    return name(index(confidence));
  }

  public static String name(int index) {
    return String.format(
        Locale.ROOT, "%.1f-%.1f", index / (double) BANDS, (index + 1) / (double) BANDS);
  }

  public static double lower(int index) {
    return index / (double) BANDS;
  }

  public static double upper(int index) {
    return (index + 1) / (double) BANDS;
  }

  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < BANDS; i++) {
      names.add(name(i));
    }
    return names;
  }
}
