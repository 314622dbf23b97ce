package dev.menagerie.pipeline;

import dev.menagerie.common.library.Origin;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Dataset preparation's pure part: the per-class cutoff and a deterministic, stratified
 * train/validation/test split.
 *
 * <p>The unit of splitting is the image's duplicate group (the image's own key when it has none),
 * so near-identical images never straddle two splits. Each unit's SHA-256, read as a number in [0,
 * 1), places it on its own: below {@code testFraction} test, below {@code testFraction +
 * validationFraction} validation, else train. So the same library always splits the same way, and
 * adding an image moves only that image. A class of fewer than 3 units trains on all of them; a
 * class of 3 or more whose hashes leave one of the three splits empty is split by quotas in hash
 * order instead (at least one unit each for test and validation), which adding an image may shift.
 * Images in a benchmark set, and every image of a duplicate group that has a member in one, are
 * kept out of all three splits.
 */
public final class DatasetSplit {
  /** One labelled image and the facts preparation needs. */
  public record Image(
      String key,
      String label,
      Origin origin,
      boolean smallSubject,
      String group,
      String benchmark) {
    public Image {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(origin, "origin");
    }

    /** The splitting unit: the duplicate group, or the image itself. */
    String unit() {
      return group == null || group.isBlank() ? "key:" + key : "group:" + group;
    }
  }

  /** The outcome: included classes, the three splits, benchmark sets and the excluded classes. */
  public record Plan(
      List<String> labels,
      List<Image> train,
      List<Image> validation,
      List<Image> test,
      Map<String, List<Image>> benchmarks,
      Map<String, Integer> counts,
      Map<String, Integer> belowCutoff,
      List<String> justBelowCutoff) {}

  private DatasetSplit() {}

  /**
   * Splits {@code images}. Classes with fewer than {@code cutoff} images (benchmark images not
   * counted) are left out and listed; "just below" are those with at least half the cutoff.
   */
  public static Plan plan(
      List<Image> images, int cutoff, double validationFraction, double testFraction) {
    if (cutoff < 1) {
      throw new IllegalArgumentException("cutoff must be at least 1, was " + cutoff);
    }
    if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
      throw new IllegalArgumentException(
          "validation and test fractions must be positive and sum below 1");
    }
    Set<String> benchmarkGroups =
        images.stream()
            .filter(i -> i.benchmark() != null && !i.benchmark().isBlank())
            .map(Image::unit)
            .collect(Collectors.toSet());
    Map<String, List<Image>> benchmarks = new TreeMap<>();
    Map<String, List<Image>> byClass = new TreeMap<>();
    for (Image image : images) {
      if (image.benchmark() != null && !image.benchmark().isBlank()) {
        benchmarks.computeIfAbsent(image.benchmark(), k -> new ArrayList<>()).add(image);
      } else if (!benchmarkGroups.contains(image.unit())) {
        byClass.computeIfAbsent(image.label(), k -> new ArrayList<>()).add(image);
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, Integer> below = new TreeMap<>();
    List<String> justBelow = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    byClass.forEach(
        (label, list) -> {
          counts.put(label, list.size());
          if (list.size() >= cutoff) {
            labels.add(label);
          } else {
            below.put(label, list.size());
            if (list.size() * 2 >= cutoff) {
              justBelow.add(label);
            }
          }
        });
    justBelow.sort(Comparator.comparing((String l) -> -below.get(l)).thenComparing(l -> l));

    // a group that spans classes is placed once, by the first (sorted) class that holds it
    Map<String, String> placed = new HashMap<>();
    List<Image> train = new ArrayList<>();
    List<Image> validation = new ArrayList<>();
    List<Image> test = new ArrayList<>();
    for (String label : labels) {
      Map<String, List<Image>> units = new LinkedHashMap<>();
      byClass
          .get(label)
          .forEach(i -> units.computeIfAbsent(i.unit(), k -> new ArrayList<>()).add(i));
      List<String> order = new ArrayList<>(new TreeSet<>(units.keySet()));
      order.sort(Comparator.comparing(DatasetSplit::hash));
      Map<String, String> own = assign(order, validationFraction, testFraction);
      for (String unit : order) {
        String split = placed.computeIfAbsent(unit, u -> own.get(u));
        List<Image> target =
            switch (split) {
              case "test" -> test;
              case "validation" -> validation;
              default -> train;
            };
        target.addAll(units.get(unit));
      }
    }
    Comparator<Image> byKey = Comparator.comparing(Image::key);
    train.sort(byKey);
    validation.sort(byKey);
    test.sort(byKey);
    benchmarks.values().forEach(l -> l.sort(byKey));
    return new Plan(
        List.copyOf(labels),
        List.copyOf(train),
        List.copyOf(validation),
        List.copyOf(test),
        benchmarks,
        counts,
        below,
        List.copyOf(justBelow));
  }

  /** Each unit's own split; {@code order} is the class's units sorted by hash. */
  private static Map<String, String> assign(
      List<String> order, double validationFraction, double testFraction) {
    int n = order.size();
    Map<String, String> split = new HashMap<>();
    if (n < 3) {
      order.forEach(u -> split.put(u, "train"));
      return split;
    }
    for (String unit : order) {
      double at = position(unit);
      split.put(
          unit,
          at < testFraction
              ? "test"
              : at < testFraction + validationFraction ? "validation" : "train");
    }
    if (split.values().containsAll(Set.of("test", "validation", "train"))) {
      return split;
    }
    int nTest = Math.max(1, (int) Math.round(n * testFraction));
    int nValidation = Math.max(1, (int) Math.round(n * validationFraction));
    for (int k = 0; k < n; k++) {
      split.put(
          order.get(k), k < nTest ? "test" : k < nTest + nValidation ? "validation" : "train");
    }
    return split;
  }

  /** The unit's hash as a number in [0, 1) (its first 52 bits). */
  static double position(String identity) {
    return Long.parseLong(hash(identity).substring(0, 13), 16) / (double) (1L << 52);
  }

  static String hash(String identity) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(identity.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
