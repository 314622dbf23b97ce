package dev.menagerie.training.arch;

import dev.menagerie.training.arch.Layer.AvgPool;
import dev.menagerie.training.arch.Layer.Branches;
import dev.menagerie.training.arch.Layer.ConvBn;
import dev.menagerie.training.arch.Layer.Dense;
import dev.menagerie.training.arch.Layer.Dropout;
import dev.menagerie.training.arch.Layer.GlobalAvgPool;
import dev.menagerie.training.arch.Layer.MaxPool;
import dev.menagerie.training.arch.Layer.Normalize;
import dev.menagerie.training.arch.Layer.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * Inception V4 (Szegedy et al., 2016): stem, 4 × Inception-A, Reduction-A, 7 × Inception-B,
 * Reduction-B, 3 × Inception-C, global average pool, dropout, linear. Channel counts are the
 * paper's, multiplied by the width; every spatial size follows from the input size.
 *
 * <pre>{@code
 * Architecture full = InceptionV4.full(1000);                 // 299 x 299, width 1
 * Architecture small = InceptionV4.builder().setClasses(10)   // same topology, narrow
 *     .optWidth(0.25f).optInputSize(75).build();
 * }</pre>
 */
public final class InceptionV4 {
  public static final String FAMILY = "inception_v4";
  public static final String FULL = "inception_v4";
  public static final String SMALL = "inception_v4_small";

  /** The smallest input whose spatial size survives every stride (as in the reference model). */
  public static final int MIN_INPUT_SIZE = 75;

  /** Inception's own normalisation: pixels scaled to [-1, 1]. */
  static final float[] MEAN = {0.5f, 0.5f, 0.5f};

  static final float[] STD = {0.5f, 0.5f, 0.5f};

  private InceptionV4() {}

  /** The production network: full width, 299 × 299. */
  public static Architecture full(int classes) {
    return builder().setClasses(classes).optName(FULL).build();
  }

  /**
   * The same blocks at a quarter of the width and 75 × 75, stacked {@link #SMALL_BLOCKS} deep, with
   * BatchNorm epsilon {@link #SMALL_BATCH_NORM_EPSILON}: trains in minutes on a CPU.
   */
  public static Architecture small(int classes) {
    return builder()
        .setClasses(classes)
        .optName(SMALL)
        .optWidth(0.25f)
        .optInputSize(75)
        .optDropout(0.2f)
        .optBatchNormEpsilon(SMALL_BATCH_NORM_EPSILON)
        .optBlocks(SMALL_BLOCKS)
        .build();
  }

  /**
   * The small configuration's Inception-A, -B and -C block counts. Without residual connections the
   * paper's 4, 7 and 3 make a stack of about 80 BatchNorm layers that learns slowly on a CPU
   * budget: on the synthetic library (1,080 training images, one thread, 40 epochs, seed 42) 1, 2,
   * 1 blocks reached 0.70 validation at epoch 13 and 0.863 held-out, where 4, 7, 3 needed about 45
   * epochs for 0.6 and 85 for 0.90, at 1.3 times the speed per image (training/README.md).
   */
  public static final Architecture.Blocks SMALL_BLOCKS = new Architecture.Blocks(1, 2, 1);

  /**
   * The small configuration's BatchNorm epsilon. With He-initialised convolutions a BatchNorm's
   * input variance settles at γ² − ε, so each BatchNorm normalises only by the share 1 − ε/γ² (0.6
   * here, at γ = 1): a deep BatchNorm stack without residual connections (about 80 layers) has
   * exploding gradients at full normalisation (ε = 1e-3) and does not learn the synthetic library
   * within a CPU budget; partly normalising, it does (training/README.md, Status). The same regime
   * reached by a small γ at ε = 1e-3 is fragile: Adam's steps of ~1e-3 move γ across √ε and the
   * signal dies (loss stuck at ln classes).
   */
  public static final float SMALL_BATCH_NORM_EPSILON = 0.4f;

  public static Builder builder() {
    return new Builder();
  }

  /** Builds architectures; {@code set*} is required, {@code opt*} optional. */
  public static final class Builder {
    private int classes = -1;
    private String name = FULL;
    private float width = 1f;
    private int inputSize = 299;
    private float dropout = 0.2f;
    private float batchNormEpsilon = Layer.BATCH_NORM_EPSILON;
    private Architecture.Blocks blocks = Architecture.Blocks.PAPER;

    private Builder() {}

    public Builder optBlocks(Architecture.Blocks blocks) {
      this.blocks = blocks;
      return this;
    }

    public Builder setClasses(int classes) {
      this.classes = classes;
      return this;
    }

    public Builder optName(String name) {
      this.name = name;
      return this;
    }

    public Builder optWidth(float width) {
      this.width = width;
      return this;
    }

    public Builder optInputSize(int inputSize) {
      this.inputSize = inputSize;
      return this;
    }

    public Builder optDropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder optBatchNormEpsilon(float batchNormEpsilon) {
      this.batchNormEpsilon = batchNormEpsilon;
      return this;
    }

    public Architecture build() {
      if (classes < 1) {
        throw new IllegalArgumentException("classes must be set to at least 1, was " + classes);
      }
      if (!(width > 0f && width <= 4f)) {
        throw new IllegalArgumentException("width must be within (0, 4], was " + width);
      }
      if (inputSize < MIN_INPUT_SIZE || inputSize > 1024) {
        throw new IllegalArgumentException(
            "inputSize must be within " + MIN_INPUT_SIZE + "..1024, was " + inputSize);
      }
      if (!(dropout >= 0f && dropout < 1f)) {
        throw new IllegalArgumentException("dropout must be within [0, 1), was " + dropout);
      }
      if (!(batchNormEpsilon > 0f && batchNormEpsilon <= 10f)) {
        throw new IllegalArgumentException(
            "batchNormEpsilon must be within (0, 10], was " + batchNormEpsilon);
      }
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      return new Architecture(
          name, FAMILY, width, inputSize, classes, dropout, batchNormEpsilon, blocks);
    }
  }

  /** The layer description of {@code architecture}. */
  static Sequence describe(Architecture architecture) {
    Widths c = new Widths(architecture.width());
    List<Layer> net = new ArrayList<>();
    net.add(new Normalize(MEAN, STD));
    net.add(stem(c));
    for (int i = 0; i < architecture.blocks().a(); i++) {
      net.add(inceptionA(c, "inception_a" + (i + 1)));
    }
    net.add(reductionA(c));
    for (int i = 0; i < architecture.blocks().b(); i++) {
      net.add(inceptionB(c, "inception_b" + (i + 1)));
    }
    net.add(reductionB(c));
    for (int i = 0; i < architecture.blocks().c(); i++) {
      net.add(inceptionC(c, "inception_c" + (i + 1)));
    }
    net.add(new GlobalAvgPool());
    net.add(new Dropout(architecture.dropout()));
    net.add(new Dense(architecture.classes()));
    return (Sequence)
        withBatchNormEpsilon(
            new Sequence(architecture.name(), net), architecture.batchNormEpsilon());
  }

  private static Layer withBatchNormEpsilon(Layer layer, float epsilon) {
    if (layer instanceof ConvBn c) {
      return c.withEpsilon(epsilon);
    } else if (layer instanceof Sequence s) {
      return new Sequence(
          s.name(), s.layers().stream().map(l -> withBatchNormEpsilon(l, epsilon)).toList());
    } else if (layer instanceof Branches b) {
      return new Branches(
          b.name(), b.branches().stream().map(l -> withBatchNormEpsilon(l, epsilon)).toList());
    }
    return layer;
  }

  private static Layer stem(Widths c) {
    return seq(
        "stem",
        ConvBn.valid(c.of(32), 3, 2),
        ConvBn.valid(c.of(32), 3, 1),
        ConvBn.same(c.of(64), 3, 3),
        branches("stem_mixed_3a", new MaxPool(3, 2, 0), ConvBn.valid(c.of(96), 3, 2)),
        branches(
            "stem_mixed_4a",
            seq("b0", ConvBn.same(c.of(64), 1, 1), ConvBn.valid(c.of(96), 3, 1)),
            seq(
                "b1",
                ConvBn.same(c.of(64), 1, 1),
                ConvBn.same(c.of(64), 1, 7),
                ConvBn.same(c.of(64), 7, 1),
                ConvBn.valid(c.of(96), 3, 1))),
        branches("stem_mixed_5a", ConvBn.valid(c.of(192), 3, 2), new MaxPool(3, 2, 0)));
  }

  private static Layer inceptionA(Widths c, String name) {
    return branches(
        name,
        ConvBn.same(c.of(96), 1, 1),
        seq("b1", ConvBn.same(c.of(64), 1, 1), ConvBn.same(c.of(96), 3, 3)),
        seq(
            "b2",
            ConvBn.same(c.of(64), 1, 1),
            ConvBn.same(c.of(96), 3, 3),
            ConvBn.same(c.of(96), 3, 3)),
        seq("b3", new AvgPool(3, 1, 1), ConvBn.same(c.of(96), 1, 1)));
  }

  private static Layer reductionA(Widths c) {
    return branches(
        "reduction_a",
        ConvBn.valid(c.of(384), 3, 2),
        seq(
            "b1",
            ConvBn.same(c.of(192), 1, 1),
            ConvBn.same(c.of(224), 3, 3),
            ConvBn.valid(c.of(256), 3, 2)),
        new MaxPool(3, 2, 0));
  }

  private static Layer inceptionB(Widths c, String name) {
    return branches(
        name,
        ConvBn.same(c.of(384), 1, 1),
        seq(
            "b1",
            ConvBn.same(c.of(192), 1, 1),
            ConvBn.same(c.of(224), 1, 7),
            ConvBn.same(c.of(256), 7, 1)),
        seq(
            "b2",
            ConvBn.same(c.of(192), 1, 1),
            ConvBn.same(c.of(192), 7, 1),
            ConvBn.same(c.of(224), 1, 7),
            ConvBn.same(c.of(224), 7, 1),
            ConvBn.same(c.of(256), 1, 7)),
        seq("b3", new AvgPool(3, 1, 1), ConvBn.same(c.of(128), 1, 1)));
  }

  private static Layer reductionB(Widths c) {
    return branches(
        "reduction_b",
        seq("b0", ConvBn.same(c.of(192), 1, 1), ConvBn.valid(c.of(192), 3, 2)),
        seq(
            "b1",
            ConvBn.same(c.of(256), 1, 1),
            ConvBn.same(c.of(256), 1, 7),
            ConvBn.same(c.of(320), 7, 1),
            ConvBn.valid(c.of(320), 3, 2)),
        new MaxPool(3, 2, 0));
  }

  private static Layer inceptionC(Widths c, String name) {
    return branches(
        name,
        ConvBn.same(c.of(256), 1, 1),
        seq(
            "b1",
            ConvBn.same(c.of(384), 1, 1),
            branches("b1_split", ConvBn.same(c.of(256), 1, 3), ConvBn.same(c.of(256), 3, 1))),
        seq(
            "b2",
            ConvBn.same(c.of(384), 1, 1),
            ConvBn.same(c.of(448), 3, 1),
            ConvBn.same(c.of(512), 1, 3),
            branches("b2_split", ConvBn.same(c.of(256), 1, 3), ConvBn.same(c.of(256), 3, 1))),
        seq("b3", new AvgPool(3, 1, 1), ConvBn.same(c.of(256), 1, 1)));
  }

  private static Sequence seq(String name, Layer... layers) {
    return new Sequence(name, List.of(layers));
  }

  private static Branches branches(String name, Layer... layers) {
    return new Branches(name, List.of(layers));
  }

  /** Channel counts scaled by the width multiplier, never below 8. */
  private record Widths(float width) {
    int of(int paperChannels) {
      return Math.max(8, Math.round(paperChannels * width));
    }
  }
}
