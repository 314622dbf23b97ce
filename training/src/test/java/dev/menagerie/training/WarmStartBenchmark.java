package dev.menagerie.training;

import dev.menagerie.training.synth.SyntheticLibrary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed's claim, measured: model A is trained from scratch on some classes of the synthetic
 * library; then classes are added and the same data is trained (a) from scratch and (b)
 * warm-started from A with the head reset, same budget, same seed. "Epochs to plateau" is the first
 * epoch whose validation accuracy is within {@link #PLATEAU_MARGIN} of the better run's best; a run
 * that never gets there counts as budget + 1. Test accuracy is top-1 on the held-out images through
 * ONNX Runtime.
 */
final class WarmStartBenchmark {
  static final double PLATEAU_MARGIN = 0.05;

  record Settings(
      List<String> classesA,
      List<String> classesB,
      int perClass,
      int holdoutPerClass,
      int imageSize,
      int epochsA,
      int epochsB,
      int batchSize,
      long seed) {}

  record Row(
      String run,
      int epochsRun,
      int epochsToPlateau,
      double bestValidation,
      double test,
      double seconds) {}

  record Table(Row modelA, Row scratch, Row warm, double plateauLevel) {
    String markdown() {
      StringBuilder s = new StringBuilder();
      s.append(
          "| run | epochs run | epochs to plateau | best validation accuracy | test accuracy (ORT) |"
              + " time |\n");
      s.append("| --- | --- | --- | --- | --- | --- |\n");
      for (Row r : List.of(modelA, scratch, warm)) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %.3f | %.3f | %.0f s |%n",
                r.run(),
                r.epochsRun(),
                r.epochsToPlateau(),
                r.bestValidation(),
                r.test(),
                r.seconds()));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "%nplateau level: %.3f (the better B run's best validation accuracy − %.2f)%n",
              plateauLevel,
              PLATEAU_MARGIN));
      return s.toString();
    }
  }

  private WarmStartBenchmark() {}

  static Table run(Settings s, Path dir, PrintStream log) throws IOException {
    Path libA = dir.resolve("synth-a");
    Path libB = dir.resolve("synth-b");
    generate(s, s.classesA(), libA);
    generate(s, s.classesB(), libB);

    TrainResult a = train(s, libA, dir.resolve("model-a"), null, s.epochsA(), log);
    TrainResult scratch = train(s, libB, dir.resolve("model-b-scratch"), null, s.epochsB(), log);
    TrainResult warm =
        train(s, libB, dir.resolve("model-b-warm"), dir.resolve("model-a"), s.epochsB(), log);

    double level =
        Math.max(scratch.bestValidationAccuracy(), warm.bestValidationAccuracy()) - PLATEAU_MARGIN;
    double levelA = a.bestValidationAccuracy() - PLATEAU_MARGIN;
    return new Table(
        row("A from scratch (" + s.classesA().size() + " classes)", a, levelA, s.epochsA()),
        row("B from scratch (" + s.classesB().size() + " classes)", scratch, level, s.epochsB()),
        row("B warm start from A, head reset", warm, level, s.epochsB()),
        level);
  }

  private static Row row(String name, TrainResult r, double level, int budget) {
    int plateau = budget + 1;
    for (EpochStats e : r.curves()) {
      if (e.validationAccuracy() >= level - 1e-9) {
        plateau = e.epoch();
        break;
      }
    }
    return new Row(
        name, r.epochsRun(), plateau, r.bestValidationAccuracy(), r.holdoutAccuracy(), r.seconds());
  }

  private static void generate(Settings s, List<String> classes, Path root) throws IOException {
    SyntheticLibrary.builder()
        .setRoot(root)
        .optSeed(s.seed())
        .optClasses(classes)
        .optPerClass(s.perClass())
        .optHoldoutPerClass(s.holdoutPerClass())
        .optUnknownCount(0)
        .optSize(s.imageSize())
        .build()
        .generate();
  }

  private static TrainResult train(
      Settings s, Path synth, Path modelOut, Path base, int epochs, PrintStream log)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--library", synth.resolve("library").toString(),
                "--model-out", modelOut.toString(),
                "--holdout", synth.resolve("holdout").toString(),
                "--epochs", Integer.toString(epochs),
                "--patience", Integer.toString(epochs),
                "--batch-size", Integer.toString(s.batchSize()),
                "--seed", Long.toString(s.seed())));
    if (base != null) {
      args.add("--base");
      args.add(base.toString());
    }
    TrainJobConfig config =
        TrainJobConfig.parse(args.toArray(String[]::new), name -> null, name -> null);
    return TrainJob.run(config, log);
  }
}
