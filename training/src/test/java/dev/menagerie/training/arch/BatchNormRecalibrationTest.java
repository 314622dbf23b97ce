package dev.menagerie.training.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchNormRecalibration}: the running statistics become the plain average of the batch
 * statistics (mean, unbiased variance) over the batches given, in every BatchNorm of the network,
 * whatever they were before.
 */
class BatchNormRecalibrationTest {
  @Test
  void recalibrate_shouldSetRunningStatisticsToTheAverageBatchStatistics() {
    System.setProperty("ai.djl.offline", "true");
    int n = 5;
    int channels = 3;
    int size = 2;
    float[][] batches = new float[4][n * channels * size * size];
    Random random = new Random(9);
    for (int b = 0; b < batches.length; b++) {
      for (int i = 0; i < batches[b].length; i++) {
        int channel = (i / (size * size)) % channels;
        // each batch sits somewhere else, as batches do in a network still learning
        batches[b][i] = channel * 4f + b + (1 + channel) * (float) random.nextGaussian();
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock network =
          new SequentialBlock()
              .add(BatchNorm.builder().optEpsilon(Layer.BATCH_NORM_EPSILON).build())
              .add(ai.djl.nn.Blocks.batchFlattenBlock())
              .add(Linear.builder().setUnits(2).build())
              .add(BatchNorm.builder().optEpsilon(Layer.BATCH_NORM_EPSILON).build());
      Shape shape = new Shape(n, channels, size, size);
      network.initialize(manager, DataType.FLOAT32, shape);
      ParameterStore store = new ParameterStore(manager, false);
      // GIVEN running statistics moved away from their start by some earlier passes
      for (int b = 0; b < 3; b++) {
        network.forward(
            store, new NDList(manager.create(batches[batches.length - 1], shape)), true);
      }
      BatchNorm first = (BatchNorm) network.getChildren().get(0).getValue();
      BatchNorm last = (BatchNorm) network.getChildren().get(3).getValue();
      // what reaches the last BatchNorm from each batch in training mode (independent of any
      // running statistics)
      float[][] intoLast = new float[batches.length][];
      for (int b = 0; b < batches.length; b++) {
        NDList x = new NDList(manager.create(batches[b], shape));
        for (int child = 0; child < 3; child++) {
          x = network.getChildren().get(child).getValue().forward(store, x, true);
        }
        intoLast[b] = x.head().toFloatArray();
      }

      // WHEN the statistics are recomputed over the four batches
      BatchNormRecalibration.recalibrate(
          network,
          manager,
          batches.length,
          k -> {
            try (NDManager scratch = manager.newSubManager()) {
              network.forward(store, new NDList(scratch.create(batches[k], shape)), true);
            }
          });

      // THEN the first BatchNorm's statistics are the averages of its per-batch statistics
      float[] mean = first.getParameters().get("runningMean").getArray().toFloatArray();
      float[] var = first.getParameters().get("runningVar").getArray().toFloatArray();
      for (int c = 0; c < channels; c++) {
        double meanSum = 0;
        double varSum = 0;
        for (float[] batch : batches) {
          double[] values = channel(batch, c, channels, size * size);
          double m = average(values);
          meanSum += m;
          varSum += unbiasedVariance(values, m);
        }
        assertThat((double) mean[c]).isCloseTo(meanSum / batches.length, within(1e-4));
        assertThat((double) var[c]).isCloseTo(varSum / batches.length, within(1e-3));
      }
      // AND so are the last one's, deeper in the network
      float[] lastMean = last.getParameters().get("runningMean").getArray().toFloatArray();
      float[] lastVar = last.getParameters().get("runningVar").getArray().toFloatArray();
      for (int c = 0; c < 2; c++) {
        double meanSum = 0;
        double varSum = 0;
        for (float[] into : intoLast) {
          double[] values = channel(into, c, 2, 1);
          double m = average(values);
          meanSum += m;
          varSum += unbiasedVariance(values, m);
        }
        assertThat((double) lastMean[c]).isCloseTo(meanSum / batches.length, within(1e-4));
        assertThat((double) lastVar[c]).isCloseTo(varSum / batches.length, within(1e-3));
      }
    }
  }

  @Test
  void recalibrate_withNoBatches_shouldLeaveTheStatisticsAlone() {
    System.setProperty("ai.djl.offline", "true");
    try (NDManager manager = NDManager.newBaseManager()) {
      BatchNorm bn = BatchNorm.builder().build();
      SequentialBlock network = new SequentialBlock().add(bn);
      network.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 1, 1));
      float[] before = bn.getParameters().get("runningVar").getArray().toFloatArray();

      BatchNormRecalibration.recalibrate(network, manager, 0, k -> {});

      assertThat(bn.getParameters().get("runningVar").getArray().toFloatArray())
          .containsExactly(before);
    }
  }

  private static double[] channel(float[] batch, int c, int channels, int area) {
    int n = batch.length / (channels * area);
    double[] values = new double[n * area];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < area; a++) {
        values[i * area + a] = batch[(i * channels + c) * area + a];
      }
    }
    return values;
  }

  private static double average(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double unbiasedVariance(double[] values, double mean) {
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return sum / (values.length - 1);
  }
}
