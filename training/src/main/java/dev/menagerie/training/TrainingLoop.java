package dev.menagerie.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.BatchNormRecalibration;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.data.DecodedImages;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * The epochs: Adam with a cosine learning-rate schedule over the epoch budget, augmentation drawn
 * from a generator seeded by (seed, epoch), early stopping once validation accuracy has not
 * improved for {@code patience} epochs, the best weights kept. Each epoch prints a progress line
 * and a metric line ({@code metric: ...;}) for SageMaker's MetricDefinitions.
 */
final class TrainingLoop {
  private TrainingLoop() {}

  /** How the loop ended. */
  record Outcome(
      List<EpochStats> curves,
      int bestEpoch,
      double bestValidationAccuracy,
      boolean stoppedEarly,
      int resumedAfterEpoch,
      byte[] bestWeights,
      double seconds) {}

  static Outcome run(
      Model model,
      SequentialBlock network,
      Architecture architecture,
      List<String> labels,
      DecodedImages train,
      DecodedImages validation,
      Hyperparameters hp,
      boolean warmStart,
      Checkpoints checkpoints,
      PrintStream out)
      throws IOException {
    long start = System.nanoTime();
    float[] learningRate = {hp.learningRate()};
    ParameterTracker schedule =
        schedule(network, learningRate, warmStart ? hp.bodyLearningRateFactor() : 1f);
    Optimizer adam =
        Optimizer.adam()
            .optLearningRateTracker(schedule)
            .optWeightDecays(hp.weightDecay())
            .optClipGrad(5f)
            .build();
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam);

    List<EpochStats> curves = new ArrayList<>();
    int firstEpoch = 1;
    int bestEpoch = 0;
    double best = -1;
    int sinceBest = 0;
    byte[] bestWeights = ModelFiles.weightsOf(network);
    int resumedAfter = 0;
    if (checkpoints != null) {
      var saved = checkpoints.load(labels, architecture.name(), train.fingerprint());
      if (saved.isPresent()) {
        Checkpoints.State s = saved.get().state();
        ModelFiles.loadWeights(network, model.getNDManager(), saved.get().current());
        bestWeights = saved.get().best();
        curves.addAll(s.curves());
        firstEpoch = s.epoch() + 1;
        bestEpoch = s.bestEpoch();
        best = s.bestValidationAccuracy();
        sinceBest = s.epochsWithoutImprovement();
        resumedAfter = s.epoch();
        out.printf("resuming after epoch %d from %s%n", s.epoch(), "checkpoint");
      }
    }
    boolean stoppedEarly = false;
    int size = architecture.inputSize();
    int pixelsPerImage = 3 * size * size;
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(hp.batchSize(), 3, size, size));
      ThreadGovernor governor = ThreadGovernor.forEngine(out);
      for (int epoch = firstEpoch; epoch <= hp.epochs() && sinceBest < hp.patience(); epoch++) {
        long epochStart = System.nanoTime();
        float epochRate =
            (float) (hp.learningRate() * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / hp.epochs())));
        learningRate[0] = epochRate;
        int[] order = shuffled(train.size(), new Random(hp.seed() * 1_000_003L + epoch));
        Random augment = new Random(hp.seed() * 7_919L + epoch * 104_729L);
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        long[] phase = new long[5]; // nanoseconds: batch, forward+backward, optimizer, bn, val
        long mark = System.nanoTime();
        for (int from = 0; from < order.length; from += hp.batchSize()) {
          int n = Math.min(hp.batchSize(), order.length - from);
          if (epoch <= hp.warmupEpochs()) {
            // linear warm-up over the first epochs, per step
            double progress =
                ((epoch - 1) * (double) order.length + from + n)
                    / (hp.warmupEpochs() * (double) order.length);
            learningRate[0] = (float) (epochRate * Math.min(1, progress));
          }
          if (n < 2) {
            break; // BatchNorm needs two values per channel in training mode
          }
          float[] pixels = new float[n * pixelsPerImage];
          float[] targets = new float[n];
          for (int k = 0; k < n; k++) {
            int i = order[from + k];
            hp.augmentation()
                .apply(train.images().get(i), train.smallSubject()[i], augment)
                .writeChw(pixels, k * pixelsPerImage);
            targets[k] = train.classes()[i];
          }
          try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = batch.create(pixels, new Shape(n, 3, size, size));
            NDArray y = batch.create(targets);
            mark = lap(phase, 0, mark);
            long stepStart = mark;
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDList predictions = trainer.forward(new NDList(x));
              NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
              collector.backward(loss);
              lossSum += loss.getFloat() * n;
              correct += countCorrect(predictions.head(), train.classes(), order, from);
              mark = lap(phase, 1, mark);
            }
            trainer.step();
            mark = lap(phase, 2, mark);
            governor.step(mark - stepStart, n);
          }
          seen += n;
        }
        mark = System.nanoTime();
        recalibrateBatchNorm(trainer, network, train, hp, size);
        mark = lap(phase, 3, mark);
        if (Boolean.getBoolean("menagerie.fitAccuracy")) {
          // diagnostic: inference-mode accuracy on unaugmented training images, to tell a
          // training/inference-mode gap (BatchNorm) from overfitting
          out.printf(
              Locale.ROOT,
              "fit acc (inference mode, training images) %.4f%n",
              accuracy(trainer, train, size, hp.batchSize()));
        }
        double validationAccuracy = accuracy(trainer, validation, size, hp.batchSize());
        lap(phase, 4, mark);
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        out.printf(
            Locale.ROOT,
            "  time: batches %.1f s, forward+backward %.1f s, optimizer %.1f s, BatchNorm"
                + " statistics %.1f s, validation %.1f s%n",
            phase[0] / 1e9,
            phase[1] / 1e9,
            phase[2] / 1e9,
            phase[3] / 1e9,
            phase[4] / 1e9);
        EpochStats stats =
            new EpochStats(
                epoch,
                lossSum / Math.max(1, seen),
                (double) correct / Math.max(1, seen),
                validationAccuracy,
                learningRate[0],
                seen / seconds,
                seconds);
        curves.add(stats);
        if (validationAccuracy > best) {
          best = validationAccuracy;
          bestEpoch = epoch;
          sinceBest = 0;
          bestWeights = ModelFiles.weightsOf(network);
        } else {
          sinceBest++;
        }
        print(out, stats, hp.epochs(), curves, firstEpoch);
        if (checkpoints != null) {
          checkpoints.save(
              new Checkpoints.State(
                  epoch,
                  bestEpoch,
                  best,
                  sinceBest,
                  curves,
                  labels,
                  architecture.name(),
                  train.fingerprint()),
              ModelFiles.weightsOf(network),
              bestWeights);
        }
        if (sinceBest >= hp.patience() && epoch < hp.epochs()) {
          stoppedEarly = true;
          out.printf(
              "early stop: validation accuracy has not improved for %d epochs (best %.4f at epoch"
                  + " %d)%n",
              sinceBest, best, bestEpoch);
        }
      }
    }
    return new Outcome(
        List.copyOf(curves),
        bestEpoch,
        best,
        stoppedEarly,
        resumedAfter,
        bestWeights,
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * The learning rate of each parameter: {@code learningRate[0]} (set per epoch and step) for the
   * head, that times {@code bodyFactor} for every layer below it. On a warm start the body learns
   * at a fraction of the fresh head's rate, so the head catches up before the kept features move
   * much; every layer stays trainable.
   */
  static ParameterTracker schedule(
      SequentialBlock network, float[] learningRate, float bodyFactor) {
    Set<String> head =
        DjlNetwork.head(network).getParameters().values().stream()
            .map(Parameter::getId)
            .collect(Collectors.toSet());
    return (parameterId, update) ->
        head.contains(parameterId) ? learningRate[0] : learningRate[0] * bodyFactor;
  }

  /**
   * Replaces the BatchNorms' running statistics by the average batch statistics of up to {@code
   * precise_bn_images} training images (unaugmented, in a fixed order), with the weights as they
   * are now.
   */
  static void recalibrateBatchNorm(
      Trainer trainer, SequentialBlock network, DecodedImages train, Hyperparameters hp, int size) {
    int images = Math.min(hp.preciseBnImages(), train.size());
    int batches = images / hp.batchSize();
    if (batches == 0 && images >= 2) {
      batches = 1;
    }
    int perBatch = batches == 0 ? 0 : images / batches;
    int[] order = shuffled(train.size(), new Random(hp.seed() * 31L + 17));
    BatchNormRecalibration.recalibrate(
        network,
        trainer.getManager(),
        batches,
        k -> {
          try (NDManager batch = trainer.getManager().newSubManager()) {
            trainer.forward(
                new NDList(
                    unaugmented(batch, train, j -> order[k * perBatch + j], perBatch, size)));
          }
        });
  }

  /**
   * Images {@code index(0..n-1)} as they are (no augmentation), as one {@code [n, 3, size, size]}.
   */
  private static NDArray unaugmented(
      NDManager manager, DecodedImages images, IntUnaryOperator index, int n, int size) {
    int pixelsPerImage = 3 * size * size;
    float[] pixels = new float[n * pixelsPerImage];
    for (int k = 0; k < n; k++) {
      images.images().get(index.applyAsInt(k)).writeChw(pixels, k * pixelsPerImage);
    }
    return manager.create(pixels, new Shape(n, 3, size, size));
  }

  /** Top-1 accuracy of the network in inference mode. */
  static double accuracy(Trainer trainer, DecodedImages images, int size, int batchSize) {
    if (images.size() == 0) {
      return 0;
    }
    int correct = 0;
    for (int from = 0; from < images.size(); from += batchSize) {
      int n = Math.min(batchSize, images.size() - from);
      int first = from;
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDArray x = unaugmented(batch, images, k -> first + k, n, size);
        long[] predicted = trainer.evaluate(new NDList(x)).head().argMax(1).toLongArray();
        for (int k = 0; k < n; k++) {
          if (predicted[k] == images.classes()[from + k]) {
            correct++;
          }
        }
      }
    }
    return (double) correct / images.size();
  }

  private static int countCorrect(NDArray logits, int[] classes, int[] order, int from) {
    long[] predicted = logits.argMax(1).toLongArray();
    int correct = 0;
    for (int k = 0; k < predicted.length; k++) {
      if (predicted[k] == classes[order[from + k]]) {
        correct++;
      }
    }
    return correct;
  }

  /** Adds the time since {@code mark} to {@code phase[i]}; returns now. */
  private static long lap(long[] phase, int i, long mark) {
    long now = System.nanoTime();
    phase[i] += now - mark;
    return now;
  }

  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static void print(
      PrintStream out, EpochStats s, int epochs, List<EpochStats> curves, int firstEpoch) {
    double perEpoch =
        curves.stream()
            .filter(c -> c.epoch() >= firstEpoch)
            .mapToDouble(EpochStats::seconds)
            .average()
            .orElse(0);
    long eta = Math.round(perEpoch * (epochs - s.epoch()));
    out.printf(
        Locale.ROOT,
        "epoch %d/%d  loss %.4f  train acc %.4f  val acc %.4f  lr %.2e  %.1f img/s  %.1f s  ETA"
            + " %dm%02ds (at most)%n",
        s.epoch(),
        epochs,
        s.loss(),
        s.trainAccuracy(),
        s.validationAccuracy(),
        s.learningRate(),
        s.imagesPerSecond(),
        s.seconds(),
        eta / 60,
        eta % 60);
    out.printf(
        Locale.ROOT,
        "metric: epoch=%d; train:loss=%.6f; train:accuracy=%.6f; validation:accuracy=%.6f;"
            + " train:images_per_second=%.2f;%n",
        s.epoch(),
        s.loss(),
        s.trainAccuracy(),
        s.validationAccuracy(),
        s.imagesPerSecond());
    out.flush();
  }
}
