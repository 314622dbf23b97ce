package dev.menagerie.training.arch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A concrete network: which family, its width multiplier, input size, class count, dropout,
 * BatchNorm epsilon and how many Inception blocks of each kind it stacks. It is what {@code
 * architecture.json} in a model directory holds, and it is enough to rebuild the network (the
 * weights are in {@code weights.params}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Architecture(
    String name,
    String family,
    float width,
    int inputSize,
    int classes,
    float dropout,
    float batchNormEpsilon,
    Blocks blocks) {

  public Architecture {
    if (blocks == null) {
      blocks = Blocks.PAPER; // architecture.json written before the field
    }
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
        .optBlocks(blocks)
        .build();
  }

  /** The same network with another BatchNorm epsilon. */
  public Architecture withBatchNormEpsilon(float epsilon) {
    return new Architecture(name, family, width, inputSize, classes, dropout, epsilon, blocks);
  }

  /** The same network with other block counts. */
  public Architecture withBlocks(Blocks newBlocks) {
    return new Architecture(
        name, family, width, inputSize, classes, dropout, batchNormEpsilon, newBlocks);
  }

  /** True when every layer but the head is the same, so weights can be copied across. */
  public boolean sameFeaturesAs(Architecture other) {
    return family.equals(other.family)
        && width == other.width
        && inputSize == other.inputSize
        && batchNormEpsilon == other.batchNormEpsilon
        && blocks.equals(other.blocks);
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

  /**
   * How many Inception-A, -B and -C blocks the network stacks (the paper's 4, 7 and 3), each at
   * least 1. Written {@code a,b,c} in the {@code blocks} hyperparameter.
   */
  public record Blocks(int a, int b, int c) {
    public static final Blocks PAPER = new Blocks(4, 7, 3);

    public Blocks {
      if (a < 1 || b < 1 || c < 1 || a > 16 || b > 16 || c > 16) {
        throw new IllegalArgumentException(
            "blocks must each be within 1..16, were " + a + "," + b + "," + c);
      }
    }

    /** Parses {@code a,b,c}, e.g. {@code 4,7,3}. */
    public static Blocks parse(String text) {
      String[] parts = text.trim().split("\\s*,\\s*");
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "blocks must be three counts a,b,c (Inception-A,-B,-C), was '" + text + "'");
      }
      try {
        return new Blocks(
            Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "blocks must be three counts a,b,c (Inception-A,-B,-C), was '" + text + "'", e);
      }
    }

    @Override
    public String toString() {
      return a + "," + b + "," + c;
    }
  }
}
