package dev.menagerie.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainingLoop#schedule}: on a warm start the layers below the head learn at {@code
 * body_learning_rate_factor} of the head's rate, and still learn. Adam's first step moves every
 * weight with a non-zero gradient by exactly its learning rate, which makes the rates readable.
 */
class BodyLearningRateTest {
  @Test
  void firstAdamStep_shouldMoveBodyWeightsByTheFactorOfTheHeadsStep() {
    System.setProperty("ai.djl.offline", "true");
    float[] rate = {0.01f};
    SequentialBlock network =
        new SequentialBlock()
            .add(Linear.builder().setUnits(4).build())
            .add(Linear.builder().setUnits(3).build());
    try (Model model = Model.newInstance("body-rate")) {
      model.setBlock(network);
      Optimizer adam =
          Optimizer.adam()
              .optLearningRateTracker(TrainingLoop.schedule(network, rate, 0.25f))
              .build();
      try (Trainer trainer =
          model.newTrainer(
              new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam))) {
        trainer.initialize(new Shape(2, 5));
        Map<String, float[]> before = weights(network);
        NDManager m = trainer.getManager();
        NDArray x = m.create(new float[] {1, -2, 3, 0.5f, 1, 2, 1, -1, 0.3f, 2}, new Shape(2, 5));
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList out = trainer.forward(new NDList(x));
          collector.backward(
              trainer.getLoss().evaluate(new NDList(m.create(new float[] {0, 2})), out));
        }
        trainer.step();
        Map<String, float[]> after = weights(network);
        // the head (last Linear) moved by the full rate, the body by a quarter of it
        assertThat(maxStep(before, after, "02Linear_weight")).isCloseTo(0.01, within(1e-4));
        assertThat(maxStep(before, after, "01Linear_weight")).isCloseTo(0.0025, within(1e-5));
      }
    }
  }

  private static Map<String, float[]> weights(SequentialBlock network) {
    Map<String, float[]> w = new java.util.HashMap<>();
    for (var p : network.getParameters()) {
      if (p.getValue().getType() == Parameter.Type.WEIGHT) {
        w.put(p.getKey(), p.getValue().getArray().toFloatArray());
      }
    }
    return w;
  }

  private static double maxStep(
      Map<String, float[]> before, Map<String, float[]> after, String key) {
    float[] a = before.get(key);
    float[] b = after.get(key);
    assertThat(a).as(key + " in " + before.keySet()).isNotNull();
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(b[i] - a[i]));
    }
    return max;
  }
}
