package dev.menagerie.training.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Recomputes every BatchNorm's running statistics as the plain average of the batch statistics over
 * a set of batches, with the weights as they are now ("precise BatchNorm").
 *
 * <p>The running statistics that training leaves behind are an exponential average over roughly the
 * last ten batches, with the weights of those batches. In this deep stack the Inception-C blocks of
 * the small configuration run on 1 × 1 maps, so each batch estimates their statistics from only
 * {@code batch} values per channel, and the errors compound through the depth: the inference-mode
 * accuracy swung by ±0.15 from epoch to epoch while training accuracy climbed steadily
 * (training/README.md). Averaging over many batches removes that noise; serving (the ONNX export
 * folds these statistics) then sees what training saw.
 *
 * <p>How: before each batch every running statistic is set to zero, and a training-mode forward
 * pass then leaves {@code momentum × batch statistic} in it (PyTorch's rule, momentum 0.1, checked
 * by {@code BatchNormStatisticsTest}); those are summed and divided at the end. Training-mode
 * forward passes normalise with the batch statistics, never the running ones, so zeroing them does
 * not change what the layers compute.
 */
public final class BatchNormRecalibration {
  /** PyTorch's momentum for the running statistics: DJL's default 0.9 is passed as 1 − 0.9. */
  static final double TORCH_MOMENTUM = 0.1;

  private BatchNormRecalibration() {}

  /**
   * Recomputes the running statistics of every BatchNorm under {@code network} from {@code batches}
   * batches: {@code forwardBatch.accept(k)} must run batch {@code k} (at least two images) through
   * the network in training mode, without recording gradients, and release what it allocated. With
   * no batches the statistics are left as they were.
   */
  public static void recalibrate(
      Block network, NDManager manager, int batches, IntConsumer forwardBatch) {
    List<NDArray> statistics = new ArrayList<>();
    for (Parameter p : network.getParameters().values()) {
      if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
        statistics.add(p.getArray());
      }
    }
    if (statistics.isEmpty() || batches <= 0) {
      return;
    }
    try (NDManager scratch = manager.newSubManager()) {
      List<NDArray> sums = new ArrayList<>();
      for (NDArray s : statistics) {
        NDArray zero = s.zerosLike();
        zero.attach(scratch);
        sums.add(zero);
      }
      for (int k = 0; k < batches; k++) {
        for (NDArray s : statistics) {
          s.muli(0);
        }
        forwardBatch.accept(k);
        for (int i = 0; i < statistics.size(); i++) {
          sums.get(i).addi(statistics.get(i));
        }
      }
      for (int i = 0; i < statistics.size(); i++) {
        NDArray s = statistics.get(i);
        s.muli(0);
        s.addi(sums.get(i).div(TORCH_MOMENTUM * batches));
      }
    }
  }
}
