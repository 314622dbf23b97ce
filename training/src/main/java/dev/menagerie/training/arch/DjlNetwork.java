package dev.menagerie.training.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import dev.menagerie.training.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a layer description into DJL blocks. The root is a {@link SequentialBlock} whose last child
 * is the head ({@link Linear}); {@link OnnxExport} relies on this block tree mirroring the
 * description one to one.
 */
public final class DjlNetwork {
  private DjlNetwork() {}

  /**
   * A new, uninitialised network for {@code architecture} with PyTorch's default kernels (NCHW); it
   * outputs logits.
   */
  public static SequentialBlock build(Architecture architecture) {
    return build(architecture, Kernels.DEFAULT);
  }

  /**
   * A new, uninitialised network for {@code architecture} that runs on {@code kernels}. Whatever
   * the kernels, the block tree, the parameter shapes, the saved weights and the values computed
   * are the same (only the 1 × 1 blocks' class names differ), so weights move freely between
   * networks built for different kernels.
   */
  public static SequentialBlock build(Architecture architecture, Kernels kernels) {
    return (SequentialBlock) block(architecture.layers(), kernels);
  }

  /**
   * Initialises every parameter of {@code network} with fresh random values (He-style Gaussian for
   * weights) drawn from the engine's seeded generator.
   */
  public static void initialize(
      SequentialBlock network, Architecture architecture, NDManager manager) {
    initialize(network, architecture, manager, 1f);
  }

  /**
   * As {@link #initialize(SequentialBlock, Architecture, NDManager)}, with every BatchNorm's scale
   * (gamma) starting at {@code bnGamma} instead of 1. A small value damps the gradients this deep
   * stack without residual connections amplifies at initialisation (training/README.md).
   */
  public static void initialize(
      SequentialBlock network, Architecture architecture, NDManager manager, float bnGamma) {
    network.setInitializer(
        new XavierInitializer(
            XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
        Parameter.Type.WEIGHT);
    if (bnGamma != 1f) {
      network.setInitializer(
          new ai.djl.training.initializer.ConstantInitializer(bnGamma), Parameter.Type.GAMMA);
    }
    network.initialize(manager, DataType.FLOAT32, inputShape(architecture, 1));
  }

  /** The input shape for a batch of {@code batch} images. */
  public static Shape inputShape(Architecture architecture, int batch) {
    return new Shape(batch, 3, architecture.inputSize(), architecture.inputSize());
  }

  /** The output layer of a network built by {@link #build}. */
  public static Linear head(SequentialBlock network) {
    List<Block> children = network.getChildren().values();
    return (Linear) children.get(children.size() - 1);
  }

  /** The DJL block of any layer description, with PyTorch's default kernels. */
  public static Block block(Layer layer) {
    return block(layer, Kernels.DEFAULT);
  }

  /** The DJL block of any layer description, running on {@code kernels}. */
  public static Block block(Layer layer, Kernels kernels) {
    if (layer instanceof Layer.Normalize n) {
      return normalize(n, kernels.channelsLast());
    } else if (layer instanceof Layer.ConvBn c) {
      return new SequentialBlock()
          .add(
              kernels.matmul1x1() && isMatmul1x1(c)
                  ? new MatmulConv2d(c.channels())
                  : Conv2d.builder()
                      .setFilters(c.channels())
                      .setKernelShape(new Shape(c.kernelH(), c.kernelW()))
                      .optStride(new Shape(c.stride(), c.stride()))
                      .optPadding(new Shape(c.padH(), c.padW()))
                      .optBias(false)
                      .build())
          .add(BatchNorm.builder().optEpsilon(c.epsilon()).build())
          .add(Activation.reluBlock());
    } else if (layer instanceof Layer.MaxPool p) {
      return Pool.maxPool2dBlock(
          new Shape(p.kernel(), p.kernel()),
          new Shape(p.stride(), p.stride()),
          new Shape(p.pad(), p.pad()));
    } else if (layer instanceof Layer.AvgPool p) {
      return Pool.avgPool2dBlock(
          new Shape(p.kernel(), p.kernel()),
          new Shape(p.stride(), p.stride()),
          new Shape(p.pad(), p.pad()),
          false,
          true);
    } else if (layer instanceof Layer.Sequence s) {
      SequentialBlock seq = new SequentialBlock();
      s.layers().forEach(l -> seq.add(block(l, kernels)));
      return seq;
    } else if (layer instanceof Layer.Branches b) {
      List<Block> blocks = new ArrayList<>();
      b.branches().forEach(l -> blocks.add(block(l, kernels)));
      return new ParallelBlock(DjlNetwork::concatChannels, blocks);
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return LambdaBlock.singleton(x -> x.mean(new int[] {3}).mean(new int[] {2}), "gap");
    } else if (layer instanceof Layer.Dropout d) {
      return ai.djl.nn.norm.Dropout.builder().optRate(d.rate()).build();
    } else if (layer instanceof Layer.Dense d) {
      return Linear.builder().setUnits(d.units()).build();
    }
    throw new IllegalStateException("no DJL block for " + layer);
  }

  /** The per-channel scale and shift of a {@link Layer.Normalize}: {@code x * scale + shift}. */
  static float[][] scaleShift(Layer.Normalize n) {
    float[] scale = new float[3];
    float[] shift = new float[3];
    for (int i = 0; i < 3; i++) {
      scale[i] = 1f / (255f * n.std()[i]);
      shift[i] = -n.mean()[i] / n.std()[i];
    }
    return new float[][] {scale, shift};
  }

  /** True for the convolutions {@link MatmulConv2d} computes: 1 × 1, stride 1, unpadded. */
  public static boolean isMatmul1x1(Layer.ConvBn c) {
    return c.kernelH() == 1
        && c.kernelW() == 1
        && c.stride() == 1
        && c.padH() == 0
        && c.padW() == 0;
  }

  private static Block normalize(Layer.Normalize n, boolean channelsLast) {
    float[][] ss = scaleShift(n);
    return LambdaBlock.singleton(
        x -> {
          Shape perChannel = new Shape(1, 3, 1, 1);
          try (NDArray scale = x.getManager().create(ss[0], perChannel);
              NDArray shift = x.getManager().create(ss[1], perChannel)) {
            NDArray normalized = x.mul(scale).add(shift);
            return channelsLast ? toChannelsLast(normalized) : normalized;
          }
        },
        "normalize");
  }

  /**
   * The same (N, C, H, W) values in channels-last memory. PyTorch keeps that layout through
   * convolution, BatchNorm, ReLU, pooling and concatenation, so converting once at the entry is
   * enough (FINDINGS, "oneDNN on these machines"). DJL has no memory-format call; a copy through
   * (N, H, W, C) and a transposed view gives the strides.
   */
  public static NDArray toChannelsLast(NDArray x) {
    Shape s = x.getShape();
    return x.transpose(0, 2, 3, 1)
        .reshape(-1)
        .reshape(s.get(0), s.get(2), s.get(3), s.get(1))
        .transpose(0, 3, 1, 2);
  }

  private static NDList concatChannels(List<NDList> outputs) {
    NDList heads = new NDList(outputs.size());
    outputs.forEach(o -> heads.add(o.head()));
    return new NDList(NDArrays.concat(heads, 1));
  }
}
