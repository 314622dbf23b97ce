package dev.menagerie.training.arch;

import java.util.List;

/**
 * One node of an architecture description. The description is data: {@link DjlNetwork} walks it to
 * build DJL blocks for training and {@link OnnxExport} walks it (beside those blocks) to write the
 * serving graph, so the two cannot describe different networks.
 */
public sealed interface Layer
    permits Layer.Normalize,
        Layer.ConvBn,
        Layer.MaxPool,
        Layer.AvgPool,
        Layer.Sequence,
        Layer.Branches,
        Layer.GlobalAvgPool,
        Layer.Dropout,
        Layer.Dense {

  /**
   * The usual BatchNorm epsilon (Inception's): {@link ConvBn}'s unless its architecture says
   * otherwise ({@link Architecture#batchNormEpsilon}).
   */
  float BATCH_NORM_EPSILON = 1e-3f;

  /** {@code (x / 255 - mean) / std} per RGB channel: the graph takes plain 0..255 pixels. */
  record Normalize(float[] mean, float[] std) implements Layer {
    public Normalize {
      if (mean.length != 3 || std.length != 3) {
        throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
      }
      mean = mean.clone();
      std = std.clone();
    }
  }

  /** Convolution without bias, BatchNorm (with {@code epsilon}), ReLU. */
  record ConvBn(
      int channels, int kernelH, int kernelW, int stride, int padH, int padW, float epsilon)
      implements Layer {
    /** With the usual epsilon. */
    public ConvBn(int channels, int kernelH, int kernelW, int stride, int padH, int padW) {
      this(channels, kernelH, kernelW, stride, padH, padW, BATCH_NORM_EPSILON);
    }

    /** The same layer with another BatchNorm epsilon. */
    public ConvBn withEpsilon(float newEpsilon) {
      return new ConvBn(channels, kernelH, kernelW, stride, padH, padW, newEpsilon);
    }

    /** A stride-1 convolution padded to keep the spatial size. */
    public static ConvBn same(int channels, int kernelH, int kernelW) {
      return new ConvBn(channels, kernelH, kernelW, 1, kernelH / 2, kernelW / 2);
    }

    /** An unpadded convolution. */
    public static ConvBn valid(int channels, int kernel, int stride) {
      return new ConvBn(channels, kernel, kernel, stride, 0, 0);
    }
  }

  /** Max pooling with a square window. */
  record MaxPool(int kernel, int stride, int pad) implements Layer {}

  /**
   * Average pooling with a square window; zero padding counts in the average (DJL's PyTorch engine
   * ignores {@code countIncludePad=false}, measured on 0.36.0, so the export says the same).
   */
  record AvgPool(int kernel, int stride, int pad) implements Layer {}

  /** Layers applied one after another. */
  record Sequence(String name, List<Layer> layers) implements Layer {
    public Sequence {
      layers = List.copyOf(layers);
    }
  }

  /** Layers applied to the same input, outputs concatenated along the channel axis. */
  record Branches(String name, List<Layer> branches) implements Layer {
    public Branches {
      branches = List.copyOf(branches);
    }
  }

  /** Average over the spatial axes, giving {@code [batch, channels]}. */
  record GlobalAvgPool() implements Layer {}

  /** Dropout at training time; nothing at inference. */
  record Dropout(float rate) implements Layer {}

  /** A fully connected layer: the classifier head when it is last. */
  record Dense(int units) implements Layer {}
}
