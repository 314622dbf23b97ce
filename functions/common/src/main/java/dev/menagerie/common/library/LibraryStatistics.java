package dev.menagerie.common.library;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Labelled-image counts per class, split by {@link Origin}, computed from a listing of keys
 * relative to {@code library/} (an S3 listing with the prefix stripped, or the relative paths of a
 * local folder). Which keys are images, and of which class and origin, is {@link LibraryCatalog}'s
 * rule, the one dataset preparation and the training job follow; the files it skips are kept with
 * their reasons.
 */
public final class LibraryStatistics {
  private final Map<String, ClassCounts> classes;
  private final List<LibraryCatalog.Skipped> skipped;

  private LibraryStatistics(
      Map<String, ClassCounts> classes, List<LibraryCatalog.Skipped> skipped) {
    this.classes = Collections.unmodifiableMap(classes);
    this.skipped = List.copyOf(skipped);
  }

  /** A class's counts by origin. */
  public record ClassCounts(String label, int real, int staged, int synthetic) {
    public int total() {
      return real + staged + synthetic;
    }

    /** The share of staged and synthetic images (0 for an empty class). */
    public double nonRealShare() {
      return total() == 0 ? 0 : (staged + synthetic) / (double) total();
    }

    public int count(Origin origin) {
      return switch (origin) {
        case REAL -> real;
        case STAGED -> staged;
        case SYNTHETIC -> synthetic;
      };
    }
  }

  /** Counts the keys (relative to {@code library/}). */
  public static LibraryStatistics of(Iterable<String> relativeKeys) {
    LibraryCatalog.Scan scan = LibraryCatalog.scan(relativeKeys, Map.of());
    Map<String, EnumMap<Origin, Integer>> counts = new TreeMap<>();
    for (LabelledImage image : scan.images()) {
      counts
          .computeIfAbsent(image.label(), l -> new EnumMap<>(Origin.class))
          .merge(image.origin(), 1, Integer::sum);
    }
    Map<String, ClassCounts> classes = new TreeMap<>();
    counts.forEach(
        (label, byOrigin) ->
            classes.put(
                label,
                new ClassCounts(
                    label,
                    byOrigin.getOrDefault(Origin.REAL, 0),
                    byOrigin.getOrDefault(Origin.STAGED, 0),
                    byOrigin.getOrDefault(Origin.SYNTHETIC, 0))));
    return new LibraryStatistics(classes, scan.skipped());
  }

  /** The files not counted, and why (by key). */
  public List<LibraryCatalog.Skipped> skipped() {
    return skipped;
  }

  /** Every class, by label. */
  public Map<String, ClassCounts> classes() {
    return classes;
  }

  public Optional<ClassCounts> get(String label) {
    return Optional.ofNullable(classes.get(label));
  }

  /** Classes with fewer than {@code cutoff} images, fewest first. */
  public List<ClassCounts> below(int cutoff) {
    return sortedByTotal(c -> c.total() < cutoff);
  }

  /**
   * Classes at or above the cutoff but under {@code cutoff * (1 + margin)}: one bad split or a few
   * removed duplicates away from dropping out. Fewest first.
   */
  public List<ClassCounts> justAbove(int cutoff, double margin) {
    double ceiling = cutoff * (1 + margin);
    return sortedByTotal(c -> c.total() >= cutoff && c.total() < ceiling);
  }

  /** Classes whose staged + synthetic share is at least {@code share}, most non-real first. */
  public List<ClassCounts> mostlyNonReal(double share) {
    List<ClassCounts> out = new ArrayList<>();
    classes.values().stream()
        .filter(c -> c.total() > 0 && c.nonRealShare() >= share)
        .sorted(
            (a, b) ->
                a.nonRealShare() != b.nonRealShare()
                    ? Double.compare(b.nonRealShare(), a.nonRealShare())
                    : a.label().compareTo(b.label()))
        .forEach(out::add);
    return out;
  }

  private List<ClassCounts> sortedByTotal(java.util.function.Predicate<ClassCounts> keep) {
    List<ClassCounts> out = new ArrayList<>();
    classes.values().stream()
        .filter(keep)
        .sorted(
            (a, b) ->
                a.total() != b.total()
                    ? Integer.compare(a.total(), b.total())
                    : a.label().compareTo(b.label()))
        .forEach(out::add);
    return out;
  }
}
