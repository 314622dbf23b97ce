package dev.menagerie.training;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the training job reads and writes, and its hyperparameters. Two modes:
 *
 * <ul>
 *   <li><b>SageMaker</b> (first argument {@code train}, as SageMaker starts a container, or {@code
 *       --sagemaker}): SageMaker's container contract under a root ({@code /opt/ml} unless {@code
 *       --sagemaker-root}, {@code -Dmenagerie.sagemaker.root} or {@code MENAGERIE_SAGEMAKER_ROOT}
 *       says otherwise): {@code input/config/hyperparameters.json}, channels {@code
 *       input/data/train}, {@code input/data/validation} (optional: the train channel is split when
 *       it is absent) and {@code input/data/base} (optional: the model to warm-start from), the
 *       model to {@code model/}, the failure reason to {@code output/failure}, checkpoints in
 *       {@code checkpoints/}. Each path can also be set on its own (flags below; or SageMaker's
 *       {@code SM_CHANNEL_TRAIN}, {@code SM_CHANNEL_VALIDATION}, {@code SM_CHANNEL_BASE}, {@code
 *       SM_MODEL_DIR}, {@code SM_OUTPUT_DATA_DIR}... environment variables).
 *   <li><b>Local</b>: {@code --library DIR --model-out DIR}: the library is split into train and
 *       validation by {@link dev.menagerie.training.data.Split}.
 * </ul>
 */
public record TrainJobConfig(
    boolean sageMaker,
    Path library,
    Path train,
    Path validation,
    Path base,
    Path modelDir,
    Path outputDir,
    Path checkpointDir,
    Path holdout,
    Hyperparameters hyperparameters) {

  public static final String DEFAULT_SAGEMAKER_ROOT = "/opt/ml";

  static final String USAGE =
      """
      Usage:
        trainjob --library DIR --model-out MODEL_DIR [options]     train locally on a library
        trainjob train [options]                                   SageMaker (as the container runs)

      Local mode splits DIR (<label>/... images, optional _meta/images.jsonl) into train and
      validation (stratified, by a hash of each image's path) and writes the model directory:
      model.onnx, labels.json, model-card.json, weights.params, architecture.json.

      Options (both modes):
        --base MODEL_DIR        warm-start from this model (head reset to the new classes)
        --config NAME           inception_v4_small (alias small, the default) or inception_v4
        --epochs N              epoch budget (default 40)
        --patience N            stop after N epochs without a better validation accuracy (default 6)
        --seed S                seed for initialisation, shuffling and augmentation (default 42)
        --batch-size N          (default 32)
        --learning-rate X       Adam's peak learning rate, cosine-decayed (default 0.002)
        --hp KEY=VALUE          any hyperparameter by its hyperparameters.json name
        --hyperparameters FILE  a hyperparameters.json (string values) to start from
        --holdout DIR           also report top-1 accuracy of the exported model on DIR, run by
                                ONNX Runtime (<label>/... images)
        --checkpoint-dir DIR    save a checkpoint after every epoch; resume from one found there
        --output-dir DIR        where the failure reason is written on error
      SageMaker mode paths (defaults under the root, /opt/ml):
        --sagemaker-root DIR    --train DIR  --validation DIR  --model-dir DIR
        --help                  this text

      Hyperparameter names in hyperparameters.json: %s
      Environment: ONEDNN_MAX_CPU_ISA=SSE41 on these CPUs (checked at start; see training/README.md).
      """
          .formatted(String.join(", ", Hyperparameters.KEYS.keySet().stream().sorted().toList()));

  /** Parses command-line arguments; {@code env} and {@code property} stand for the process's. */
  public static TrainJobConfig parse(
      String[] args, Function<String, String> env, Function<String, String> property)
      throws IOException {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    boolean sageMaker = false;
    if (!rest.isEmpty() && (rest.get(0).equals("train") || rest.get(0).equals("--sagemaker"))) {
      sageMaker = true;
      rest.remove(0);
    }
    Map<String, String> flags = new LinkedHashMap<>();
    Map<String, String> hp = new LinkedHashMap<>();
    for (int i = 0; i < rest.size(); i++) {
      String flag = rest.get(i);
      if (!flag.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + flag + "'");
      }
      if (i + 1 >= rest.size()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = rest.get(++i);
      switch (flag) {
        case "--config" -> hp.put("config", value);
        case "--epochs" -> hp.put("epochs", value);
        case "--patience" -> hp.put("patience", value);
        case "--seed" -> hp.put("seed", value);
        case "--batch-size" -> hp.put("batch_size", value);
        case "--learning-rate" -> hp.put("learning_rate", value);
        case "--hp" -> {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--hp needs KEY=VALUE, was '" + value + "'");
          }
          hp.put(value.substring(0, eq), value.substring(eq + 1));
        }
        case "--library",
            "--model-out",
            "--base",
            "--holdout",
            "--checkpoint-dir",
            "--output-dir",
            "--sagemaker-root",
            "--train",
            "--validation",
            "--model-dir",
            "--hyperparameters" ->
            flags.put(flag, value);
        default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
      }
    }

    if (sageMaker) {
      Path root =
          Path.of(
              first(
                  flags.get("--sagemaker-root"),
                  property.apply("menagerie.sagemaker.root"),
                  env.apply("MENAGERIE_SAGEMAKER_ROOT"),
                  DEFAULT_SAGEMAKER_ROOT));
      Path hpFile =
          Path.of(
              first(
                  flags.get("--hyperparameters"),
                  root.resolve("input/config/hyperparameters.json").toString()));
      Map<String, String> values = new LinkedHashMap<>();
      if (Files.exists(hpFile)) {
        values.putAll(readHyperparameters(hpFile));
      }
      values.putAll(hp);
      Path base =
          Path.of(
              first(
                  flags.get("--base"),
                  env.apply("SM_CHANNEL_BASE"),
                  root.resolve("input/data/base").toString()));
      Path validation =
          Path.of(
              first(
                  flags.get("--validation"),
                  env.apply("SM_CHANNEL_VALIDATION"),
                  root.resolve("input/data/validation").toString()));
      return new TrainJobConfig(
          true,
          null,
          Path.of(
              first(
                  flags.get("--train"),
                  env.apply("SM_CHANNEL_TRAIN"),
                  root.resolve("input/data/train").toString())),
          Files.isDirectory(validation) ? validation : null,
          Files.isDirectory(base) ? base : null,
          Path.of(
              first(
                  flags.get("--model-dir"),
                  flags.get("--model-out"),
                  env.apply("SM_MODEL_DIR"),
                  root.resolve("model").toString())),
          Path.of(
              first(
                  flags.get("--output-dir"),
                  env.apply("SM_OUTPUT_DIR"),
                  root.resolve("output").toString())),
          Path.of(first(flags.get("--checkpoint-dir"), root.resolve("checkpoints").toString())),
          path(flags.get("--holdout")),
          Hyperparameters.from(values));
    }

    if (flags.get("--library") == null || flags.get("--model-out") == null) {
      throw new IllegalArgumentException("local mode needs --library DIR and --model-out DIR");
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (flags.get("--hyperparameters") != null) {
      values.putAll(readHyperparameters(Path.of(flags.get("--hyperparameters"))));
    }
    values.putAll(hp);
    return new TrainJobConfig(
        false,
        Path.of(flags.get("--library")),
        null,
        null,
        path(flags.get("--base")),
        Path.of(flags.get("--model-out")),
        path(flags.get("--output-dir")),
        path(flags.get("--checkpoint-dir")),
        path(flags.get("--holdout")),
        Hyperparameters.from(values));
  }

  static Map<String, String> readHyperparameters(Path file) throws IOException {
    Map<String, Object> raw =
        ModelFiles.JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    Map<String, String> values = new LinkedHashMap<>();
    raw.forEach((k, v) -> values.put(k, String.valueOf(v)));
    return values;
  }

  private static Path path(String value) {
    return value == null ? null : Path.of(value);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
