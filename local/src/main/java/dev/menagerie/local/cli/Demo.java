package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.local.sfn.LocalStateMachine;
import dev.menagerie.local.sfn.LocalTrainingJob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@code ./menagerie demo} adds to {@code up}, each step only when its result is missing, so a
 * second start takes seconds: a synthetic library on disk ({@code DATA/demo/}), uploaded to {@code
 * library/} with its held-out images as the {@code holdout} benchmark set; a first training run
 * through the real state machine (the small model, progress shown) that replaces the sample model;
 * and a batch of unlabelled images in {@code inbox/demo/} for the inbox watcher.
 */
final class Demo {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String COLLECTION = "demo";

  private final LocalCloud cloud;
  private final Path repoRoot;
  private final Path data;
  private final PrintStream out;
  /** The training job's default budget (training/README.md), which the demo trains in full. */
  private static final int DEFAULT_EPOCHS = 40;

  private final Map<String, String> trainingOverrides;
  private final Optional<Integer> epochs;

  Demo(
      LocalCloud cloud,
      Path repoRoot,
      Path data,
      PrintStream out,
      Map<String, String> trainingOverrides,
      Optional<Integer> epochs) {
    this.epochs = epochs;
    this.cloud = cloud;
    this.repoRoot = repoRoot;
    this.data = data;
    this.out = out;
    this.trainingOverrides = trainingOverrides;
  }

  void prepare() throws IOException, InterruptedException {
    String bucket = cloud.resources().bucketNames().get(0);
    S3Client s3 = cloud.s3();
    Path library = data.resolve("demo");
    if (!Files.isDirectory(library.resolve("library"))) {
      step("Generating the synthetic library in " + library + " ...");
      int exit =
          LocalTrainingJob.runTrainingMain(
              repoRoot,
              "dev.menagerie.training.Synth",
              List.of(library.toString()),
              line -> out.println("  | " + line));
      if (exit != 0) {
        throw new IOException("the synthetic library generator failed (exit " + exit + ")");
      }
    }
    if (s3.listObjectsV2(b -> b.bucket(bucket).prefix("library/").maxKeys(1)).keyCount() == 0) {
      step("Uploading the library to s3://" + bucket + "/library/ and benchmarks/holdout/ ...");
      int files = upload(s3, bucket, library.resolve("library"), "library/");
      files += upload(s3, bucket, library.resolve("holdout"), "benchmarks/holdout/");
      out.println("  " + files + " files");
    }

    ModelRegistry registry =
        new DynamoModelRegistry(
            cloud.dynamo(), cloud.resources().tableName("ModelsTable"), Clock.systemUTC());
    Optional<String> production = registry.productionVersion();
    boolean trained =
        production.isPresent()
            && registry
                .get(production.get())
                .map(m -> m.metrics().containsKey("runId"))
                .orElse(false);
    if (!trained) {
      step(
          "Training the first model through statemachines/training.asl.json (the small Inception"
              + " V4 on CPU; a few minutes on 2 cores) ...");
      ObjectNode input = JSON.createObjectNode();
      input.put("name", "demo-first");
      input.put("baseModel", "none");
      // the whole budget, no early stop: on the demo's 78 validation images the patience rule
      // fires on noise (it stopped the first demo run at epoch 17 of 40, best 0.24)
      int budget = epochs.orElse(DEFAULT_EPOCHS);
      input.put("epochs", budget);
      input.put("patience", budget);
      // the demo promotes its first model whatever its accuracy (shown below) so that the loop can
      // be tried at once; real first runs set minimumAccuracy (events/start-training-first.json)
      input.with("decision").put("minimumAccuracy", 0.0);
      ObjectNode hyperparameters = input.putObject("hyperparameters");
      trainingOverrides.forEach(hyperparameters::put);
      LocalStateMachine.Execution execution =
          LocalStateMachine.of(cloud, repoRoot, "TrainingStateMachine", Map.of())
              .progress(new TrainingProgress(out)::accept)
              .run(input);
      if (!execution.succeeded()) {
        out.println(
            "  The training run failed ("
                + execution.error()
                + "); serving the sample model. `./menagerie runs` shows why.");
      } else {
        JsonNode decision = execution.output().path("decision");
        out.println(
            "  "
                + execution.output().path("run").path("version").asText()
                + ": "
                + decision.path("outcome").asText());
        decision.path("reasons").forEach(r -> out.println("    - " + r.asText()));
      }
    }

    if (s3.listObjectsV2(b -> b.bucket(bucket).prefix("inbox/" + COLLECTION + "/").maxKeys(1))
            .keyCount()
        == 0) {
      step("Dropping unlabelled images into s3://" + bucket + "/inbox/" + COLLECTION + "/ ...");
      int files = upload(s3, bucket, library.resolve("unknown"), "inbox/" + COLLECTION + "/");
      out.println("  " + files + " images (identified by the inbox watcher within seconds)");
    }
    out.println(
        "Production model: "
            + registry.productionVersion().orElse("(none)")
            + (registry
                    .productionVersion()
                    .filter(ModelInstaller.SAMPLE_VERSION::equals)
                    .isPresent()
                ? " (the sample model)"
                : ""));
  }

  private void step(String message) {
    out.println("» " + message);
    out.flush();
  }

  private static int upload(S3Client s3, String bucket, Path dir, String prefix)
      throws IOException {
    return Files.isDirectory(dir)
        ? TrainingCommands.uploadTree(s3, bucket, dir, prefix, n -> {})
        : 0;
  }
}
