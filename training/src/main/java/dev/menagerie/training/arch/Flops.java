package dev.menagerie.training.arch;

/**
 * The arithmetic of one forward pass of one image, counted by walking an architecture's layer
 * description with the tensor shape: what the performance suite divides by time to get FLOP/s. Only
 * the convolutions and the dense head are counted (multiply-accumulates {@code H_out × W_out ×
 * C_out × C_in × kh × kw}); normalisation, BatchNorm, ReLU and pooling add well under 1 % for
 * Inception V4 and are left out, as in the published figure (about 12.3 G multiply-adds at 299²).
 */
public final class Flops {
  private long macs;

  private Flops() {}

  /** Multiply-accumulates of one forward pass of one image through {@code architecture}. */
  public static long forwardMacs(Architecture architecture) {
    return macs(architecture.layers(), architecture.inputSize());
  }

  /** Floating-point operations of one forward pass of one image (a multiply-add counts 2). */
  public static long forwardFlops(Architecture architecture) {
    return 2 * forwardMacs(architecture);
  }

  /** Multiply-accumulates of {@code layer} on a {@code 3 × inputSize × inputSize} image. */
  static long macs(Layer layer, int inputSize) {
    Flops f = new Flops();
    f.walk(layer, new int[] {3, inputSize, inputSize});
    return f.macs;
  }

  /** Adds the layer's multiply-accumulates; returns its output shape {channels, height, width}. */
  private int[] walk(Layer layer, int[] in) {
    if (layer instanceof Layer.ConvBn c) {
      int h = (in[1] + 2 * c.padH() - c.kernelH()) / c.stride() + 1;
      int w = (in[2] + 2 * c.padW() - c.kernelW()) / c.stride() + 1;
      macs += (long) h * w * c.channels() * in[0] * c.kernelH() * c.kernelW();
      return new int[] {c.channels(), h, w};
    } else if (layer instanceof Layer.Dense d) {
      macs += (long) in[0] * in[1] * in[2] * d.units();
      return new int[] {d.units(), 1, 1};
    } else if (layer instanceof Layer.MaxPool p) {
      return pooled(in, p.kernel(), p.stride(), p.pad());
    } else if (layer instanceof Layer.AvgPool p) {
      return pooled(in, p.kernel(), p.stride(), p.pad());
    } else if (layer instanceof Layer.Sequence s) {
      int[] out = in;
      for (Layer l : s.layers()) {
        out = walk(l, out);
      }
      return out;
    } else if (layer instanceof Layer.Branches b) {
      // every branch sees the same input; their outputs are concatenated along the channels
      int channels = 0;
      int[] out = in;
      for (Layer l : b.branches()) {
        out = walk(l, in);
        channels += out[0];
      }
      return new int[] {channels, out[1], out[2]};
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return new int[] {in[0], 1, 1};
    } else if (layer instanceof Layer.Normalize || layer instanceof Layer.Dropout) {
      return in;
    }
    throw new IllegalArgumentException("no multiply-accumulate count for " + layer);
  }

  private static int[] pooled(int[] in, int kernel, int stride, int pad) {
    int h = (in[1] + 2 * pad - kernel) / stride + 1;
    int w = (in[2] + 2 * pad - kernel) / stride + 1;
    return new int[] {in[0], h, w};
  }
}
