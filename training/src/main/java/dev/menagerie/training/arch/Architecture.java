package dev.menagerie.training.arch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A concrete network: which family, its width multiplier, input size, class count, dropout and
 * BatchNorm epsilon. It is what {@code architecture.json} in a model directory holds, and it is
 * enough to rebuild the network (the weights are in {@code weights.params}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Architecture(
    String name,
    String family,
    float width,
    int inputSize,
    int classes,
    float dropout,
    float batchNormEpsilon) {

  public Architecture {
    if (!InceptionV4.FAMILY.equals(family)) {
      throw new IllegalArgumentException(
          "architecture family '" + family + "' is unknown; expected " + InceptionV4.FAMILY);
    }
    if (batchNormEpsilon == 0f) {
      batchNormEpsilon = Layer.BATCH_NORM_EPSILON; // architecture.json written before the field
    }
  }

  /** The layer description this architecture stands for. */
  @JsonIgnore
  public Layer.Sequence layers() {
    return InceptionV4.describe(this);
  }

  /** The same network with a different number of classes (a new head). */
  public Architecture withClasses(int newClasses) {
    return InceptionV4.builder()
        .setClasses(newClasses)
        .optName(name)
        .optWidth(width)
        .optInputSize(inputSize)
        .optDropout(dropout)
        .optBatchNormEpsilon(batchNormEpsilon)
        .build();
  }

  /** The same network with another BatchNorm epsilon. */
  public Architecture withBatchNormEpsilon(float epsilon) {
    return new Architecture(name, family, width, inputSize, classes, dropout, epsilon);
  }

  /** True when every layer but the head is the same, so weights can be copied across. */
  public boolean sameFeaturesAs(Architecture other) {
    return family.equals(other.family)
        && width == other.width
        && inputSize == other.inputSize
        && batchNormEpsilon == other.batchNormEpsilon;
  }

  /** The names accepted by {@link #named}. */
  public static final List<String> NAMES = List.of(InceptionV4.FULL, InceptionV4.SMALL);

  /** One of the named configurations ({@code inception_v4}, {@code inception_v4_small}). */
  public static Architecture named(String name, int classes) {
    return switch (name) {
      case InceptionV4.FULL, "full" -> InceptionV4.full(classes);
      case InceptionV4.SMALL, "small" -> InceptionV4.small(classes);
      default ->
          throw new IllegalArgumentException(
              "unknown architecture '" + name + "'; expected one of " + NAMES + " (or small)");
    };
  }
}
