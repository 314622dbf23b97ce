package dev.menagerie.local.cli;

import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.local.cloud.ModelInstaller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code model install --precision int8 --calibration DIR --holdout DIR}, checked and applied. */
final class Int8Option {
  @Option(
      names = "--precision",
      paramLabel = "int8",
      description = "Quantize the fp32 model to int8 before installing it.")
  private String precisionGiven;

  @Option(
      names = "--calibration",
      paramLabel = "DIR",
      description = "With --precision int8: labelled images to calibrate on.")
  private String calibrationDir;

  @Option(
      names = "--holdout",
      paramLabel = "DIR",
      description = "With --precision int8: labelled held-out images to measure the cost on.")
  private String holdoutDir;

  /** The bundle to install: {@code bundle} itself, or its int8 form when asked for. */
  ModelBundle apply(ModelBundle bundle) throws IOException {
    String precision = precisionGiven == null ? bundle.card().precision() : precisionGiven;
    boolean calibrationGiven = calibrationDir != null;
    boolean holdoutGiven = holdoutDir != null;
    if (precision.equals(bundle.card().precision())) {
      if (calibrationGiven || holdoutGiven) {
        throw new UsageException(
            "--calibration and --holdout go with --precision int8 (quantizing an fp32 model)");
      }
      return bundle;
    }
    if (!precision.equals(ModelCard.INT8)) {
      throw new UsageException(
          "--precision "
              + precision
              + ": model "
              + bundle.card().version()
              + " is "
              + bundle.card().precision()
              + "; only an fp32 model can be installed as int8");
    }
    if (!calibrationGiven || !holdoutGiven) {
      throw new UsageException(
          "--precision int8 needs --calibration DIR (labelled images to calibrate on) and"
              + " --holdout DIR (labelled held-out images to measure the accuracy cost on)");
    }
    Path calibration = folder(calibrationDir, "--calibration");
    Path holdout = folder(holdoutDir, "--holdout");
    return ModelInstaller.int8(bundle, calibration, holdout);
  }

  /** The accuracy cost line of an int8 model, when its card records one. */
  static Optional<String> describe(ModelBundle bundle) {
    Map<String, Object> m = bundle.card().metrics();
    if (!bundle.card().precision().equals(ModelCard.INT8) || !m.containsKey("int8AccuracyDelta")) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "int8 accuracy on %s: %s (fp32 %s), delta %+.4f",
            m.getOrDefault("int8AccuracyDeltaOn", "?"),
            m.getOrDefault("holdoutAccuracy", "?"),
            m.getOrDefault("holdoutAccuracyFp32", "?"),
            ((Number) m.get("int8AccuracyDelta")).doubleValue()));
  }

  private static Path folder(String value, String option) {
    Path dir = Path.of(value);
    if (!Files.isDirectory(dir)) {
      throw new UsageException(option + " " + value + " is not a directory");
    }
    return dir;
  }
}
