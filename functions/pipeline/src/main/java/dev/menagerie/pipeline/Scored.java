package dev.menagerie.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * One evaluated image: its set ({@code test} or a benchmark set's name), its true label, and a
 * model's top labels with confidences, best first ({@code labels.get(0)} is the prediction).
 */
public record Scored(
    String key, String set, String label, List<String> labels, List<Double> scores) {
  public Scored {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(label, "label");
    labels = List.copyOf(labels);
    scores = List.copyOf(scores);
    if (labels.isEmpty() || labels.size() != scores.size()) {
      throw new IllegalArgumentException(
          "a scored image needs as many labels as scores, at least 1");
    }
  }

  public String predicted() {
    return labels.get(0);
  }

  public double confidence() {
    return scores.get(0);
  }

  public boolean correct() {
    return predicted().equals(label);
  }

  public boolean inTop(int k) {
    return labels.subList(0, Math.min(k, labels.size())).contains(label);
  }
}
