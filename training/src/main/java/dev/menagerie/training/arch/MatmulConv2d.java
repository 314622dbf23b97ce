package dev.menagerie.training.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bias-free, stride-1 1 × 1 convolution computed as one matrix multiply, {@code (N·H·W, Cin) ×
 * (Cin, Cout)}, over channels-last memory. It holds the same parameter as the {@link Conv2d} it
 * stands in for (weight {@code (Cout, Cin, 1, 1)}), saves and loads the same bytes, and computes
 * the same values; it exists because oneDNN's channels-last 1 × 1 convolution kernels are wrong, or
 * crash the JVM, on CPUs that report no cache sizes (training/README.md, "Kernels").
 */
public final class MatmulConv2d extends Conv2d {
  MatmulConv2d(int filters) {
    super(
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new ai.djl.ndarray.types.Shape(1, 1))
            .optBias(false));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
    return new NDList(multiply(x, w));
  }

  /**
   * {@code x} (N, C, H, W; channels-last in memory for speed) convolved with {@code w} (F, C, 1,
   * 1): (N, F, H, W), channels-last in memory.
   */
  public static NDArray multiply(NDArray x, NDArray w) {
    long n = x.getShape().get(0);
    long c = x.getShape().get(1);
    long h = x.getShape().get(2);
    long width = x.getShape().get(3);
    long f = w.getShape().get(0);
    NDArray rows = x.transpose(0, 2, 3, 1).reshape(n * h * width, c);
    NDArray y = rows.matMul(w.reshape(f, c).transpose());
    return y.reshape(n, h, width, f).transpose(0, 3, 1, 2);
  }
}
