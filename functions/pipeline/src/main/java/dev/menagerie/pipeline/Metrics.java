package dev.menagerie.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A model's figures on a set of scored images: accuracy, top-5, per-class precision, recall and F1,
 * the most frequent confusion pairs, and calibration (ten equal-width confidence bins and the
 * expected calibration error).
 */
public record Metrics(
    int images,
    double accuracy,
    double top5,
    Map<String, ClassFigures> classes,
    List<Confusion> confusions,
    List<Bin> calibration,
    double ece) {

  /** Per-class figures; {@code support} is the number of images of the class. */
  public record ClassFigures(int support, double precision, double recall, double f1) {}

  /** {@code count} images of class {@code actual} predicted as {@code predicted}. */
  public record Confusion(String actual, String predicted, int count) {}

  /** A confidence bin [{@code from}, {@code to}): images, mean confidence and accuracy in it. */
  public record Bin(double from, double to, int count, double confidence, double accuracy) {}

  static final int BINS = 10;
  static final int MAX_CONFUSIONS = 20;

  /** The figures over {@code scored} (an empty collection gives zeros). */
  public static Metrics of(Collection<Scored> scored) {
    int n = scored.size();
    int correct = 0;
    int top5 = 0;
    Map<String, int[]> perClass = new TreeMap<>(); // [support, truePositive, predicted]
    Map<String, Integer> pairs = new LinkedHashMap<>();
    int[] binCount = new int[BINS];
    double[] binConfidence = new double[BINS];
    int[] binCorrect = new int[BINS];
    for (Scored s : scored) {
      perClass.computeIfAbsent(s.label(), k -> new int[3])[0]++;
      perClass.computeIfAbsent(s.predicted(), k -> new int[3])[2]++;
      if (s.correct()) {
        correct++;
        perClass.get(s.label())[1]++;
      } else {
        pairs.merge(s.label() + "\u0000" + s.predicted(), 1, Integer::sum);
      }
      if (s.inTop(5)) {
        top5++;
      }
      int bin = Math.min(BINS - 1, Math.max(0, (int) Math.floor(s.confidence() * BINS)));
      binCount[bin]++;
      binConfidence[bin] += s.confidence();
      if (s.correct()) {
        binCorrect[bin]++;
      }
    }
    Map<String, ClassFigures> classes = new TreeMap<>();
    perClass.forEach(
        (label, c) -> {
          double precision = c[2] == 0 ? 0 : c[1] / (double) c[2];
          double recall = c[0] == 0 ? 0 : c[1] / (double) c[0];
          double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
          classes.put(label, new ClassFigures(c[0], precision, recall, f1));
        });
    List<Confusion> confusions = new ArrayList<>();
    pairs.forEach(
        (pair, count) -> {
          String[] parts = pair.split("\u0000", 2);
          confusions.add(new Confusion(parts[0], parts[1], count));
        });
    confusions.sort(
        Comparator.comparingInt((Confusion c) -> -c.count())
            .thenComparing(Confusion::actual)
            .thenComparing(Confusion::predicted));
    List<Bin> bins = new ArrayList<>();
    double ece = 0;
    for (int b = 0; b < BINS; b++) {
      double confidence = binCount[b] == 0 ? 0 : binConfidence[b] / binCount[b];
      double accuracy = binCount[b] == 0 ? 0 : binCorrect[b] / (double) binCount[b];
      bins.add(
          new Bin(b / (double) BINS, (b + 1) / (double) BINS, binCount[b], confidence, accuracy));
      if (n > 0) {
        ece += binCount[b] / (double) n * Math.abs(accuracy - confidence);
      }
    }
    return new Metrics(
        n,
        n == 0 ? 0 : correct / (double) n,
        n == 0 ? 0 : top5 / (double) n,
        classes,
        List.copyOf(confusions.subList(0, Math.min(MAX_CONFUSIONS, confusions.size()))),
        List.copyOf(bins),
        ece);
  }

  /** The labels that are the true label of at least one image. */
  public TreeSet<String> supportedLabels() {
    TreeSet<String> labels = new TreeSet<>();
    classes.forEach(
        (label, figures) -> {
          if (figures.support() > 0) {
            labels.add(label);
          }
        });
    return labels;
  }
}
