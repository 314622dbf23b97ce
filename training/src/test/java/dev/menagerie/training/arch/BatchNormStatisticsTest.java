package dev.menagerie.training.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The BatchNorm blocks of {@link DjlNetwork} on the PyTorch engine: a training-mode forward pass
 * moves the running statistics by PyTorch's rule (running = 0.9 · running + 0.1 · batch, the batch
 * variance unbiased; DJL's {@code momentum} 0.9 is passed to torch as 1 − 0.9), and an
 * inference-mode pass normalises with those running statistics, not the batch's. The exported ONNX
 * graph folds the same running statistics into the convolutions, so serving depends on this.
 */
class BatchNormStatisticsTest {
  @Test
  void trainingForward_shouldUpdateRunningStatisticsAndInferenceShouldUseThem() {
    System.setProperty("ai.djl.offline", "true");
    int n = 6;
    int channels = 2;
    int size = 3;
    float[] x = new float[n * channels * size * size];
    Random random = new Random(4);
    for (int i = 0; i < x.length; i++) {
      int channel = (i / (size * size)) % channels;
      x[i] = (channel == 0 ? 5f : -2f) + (channel == 0 ? 3f : 0.5f) * (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      BatchNorm bn = BatchNorm.builder().optEpsilon(Layer.BATCH_NORM_EPSILON).build();
      Shape shape = new Shape(n, channels, size, size);
      bn.initialize(manager, DataType.FLOAT32, shape);
      ParameterStore store = new ParameterStore(manager, false);
      NDArray input = manager.create(x, shape);

      // GIVEN fresh statistics (mean 0, variance 1) WHEN one training-mode pass runs
      bn.forward(store, new NDList(input), true);

      // THEN they moved 10 % of the way to the batch's mean and unbiased variance
      float[] runningMean = bn.getParameters().get("runningMean").getArray().toFloatArray();
      float[] runningVar = bn.getParameters().get("runningVar").getArray().toFloatArray();
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        double squares = 0;
        int count = 0;
        for (int b = 0; b < n; b++) {
          for (int p = 0; p < size * size; p++) {
            double v = x[(b * channels + c) * size * size + p];
            sum += v;
            squares += v * v;
            count++;
          }
        }
        double mean = sum / count;
        double unbiased = (squares - count * mean * mean) / (count - 1);
        assertThat((double) runningMean[c]).isCloseTo(0.1 * mean, within(1e-4));
        assertThat((double) runningVar[c]).isCloseTo(0.9 + 0.1 * unbiased, within(1e-3));
      }

      // AND an inference-mode pass normalises with the running statistics
      float[] y = bn.forward(store, new NDList(input), false).head().toFloatArray();
      for (int i = 0; i < x.length; i++) {
        int c = (i / (size * size)) % channels;
        double expected =
            (x[i] - runningMean[c]) / Math.sqrt(runningVar[c] + Layer.BATCH_NORM_EPSILON);
        assertThat((double) y[i]).isCloseTo(expected, within(1e-4));
      }
    }
  }
}
