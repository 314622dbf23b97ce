package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.library.LabelledImage;
import dev.menagerie.common.library.LibraryCatalog;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.Identification;
import dev.menagerie.common.store.IdentificationStore;
import dev.menagerie.common.store.ModelMetrics;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.local.sfn.LocalStateMachine;
import dev.menagerie.local.sfn.LocalTrainingJob;
import dev.menagerie.pipeline.RunRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@code ./menagerie demo} adds to {@code up}, each step only when its result is missing, so a
 * second start takes seconds: a library on disk ({@code DATA/demo/}: the synthetic one, or the real
 * photos of {@link SignDigitsLibrary}; {@link DemoLibrary}), uploaded to {@code library/} with its
 * held-out images as the {@code holdout} benchmark set; a first training run through the real state
 * machine (the small model, progress shown) that replaces the sample model; and a batch of
 * unlabelled images (known classes under neutral names, and a class the model has never seen) in
 * {@code inbox/demo/}, which the inbox watcher identifies before the demo says it is up, so that
 * the commands it suggests have something to show.
 */
final class Demo {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String COLLECTION = "demo";

  private final LocalCloud cloud;
  private final Path repoRoot;
  private final Path data;
  private final PrintStream out;

  /**
   * The demo's library: images per class. With the pipeline's 70/15/15 split (by hash, so about),
   * 250 per class give about 1,400 training images; more distinct images teach this network more
   * per minute than more epochs over fewer (training/README.md, "The demo's first run").
   */
  static final int LIBRARY_PER_CLASS = 250;

  /**
   * The synthetic library's small class: fewer images than the pipeline's cutoff (40), so the first
   * run leaves it out, {@code library stats} and {@code filter low-count} show it, and the
   * throw-away run ({@link DemoThrowAwayRun}) brings it in, as in the seed.
   */
  static final String SMALL_CLASS = "cross";

  static final int SMALL_CLASS_IMAGES = 30;

  /** The synthetic library's class made mostly of staged and synthetic images. */
  static final String SYNTHETIC_HEAVY_CLASS = "checker";

  /** The first run's budget, trained in full (no early stop). */
  static final int FIRST_RUN_EPOCHS = 26;

  /** Unlabelled images per known class in the inbox batch (beside the unknown class's). */
  static final int INBOX_PER_CLASS = 4;

  /** How long the demo waits for the inbox watcher to identify the batch it dropped. */
  private static final Duration INBOX_WAIT = Duration.ofSeconds(120);

  private final DemoLibrary source;

  /** How long this start's throw-away run took (empty: it did not run now). */
  private Optional<Double> throwAwaySeconds = Optional.empty();

  private final Map<String, String> trainingOverrides;
  private final Optional<Integer> epochs;
  private final ModelRegistry registry;
  private final IdentificationStore identifications;

  Demo(
      LocalCloud cloud,
      Path repoRoot,
      Path data,
      PrintStream out,
      DemoLibrary source,
      Map<String, String> trainingOverrides,
      Optional<Integer> epochs) {
    this.source = source;
    this.epochs = epochs;
    this.cloud = cloud;
    this.repoRoot = repoRoot;
    this.data = data;
    this.out = out;
    this.trainingOverrides = trainingOverrides;
    this.registry =
        new DynamoModelRegistry(
            cloud.dynamo(), cloud.resources().tableName("ModelsTable"), Clock.systemUTC());
    this.identifications =
        new DynamoIdentificationStore(
            cloud.dynamo(), cloud.resources().tableName("IdentificationsTable"));
  }

  void prepare() throws IOException, InterruptedException {
    String bucket = cloud.resources().bucketNames().get(0);
    S3Client s3 = cloud.s3();
    Path library = data.resolve("demo");
    if (!Files.isDirectory(library.resolve("library"))) {
      source.record(library); // first, so that an interrupted preparation is not taken for another
      switch (source) {
        case SYNTHETIC -> generateSynthetic(library);
        case SIGN_DIGITS -> layOutSignDigits(library);
      }
    }
    refuseIfTheBucketHoldsAnotherLibrary(s3, bucket, library.resolve("library"));
    if (s3.listObjectsV2(b -> b.bucket(bucket).prefix("library/").maxKeys(1)).keyCount() == 0) {
      step("Uploading the library to s3://" + bucket + "/library/ and benchmarks/holdout/ ...");
      int files = upload(s3, bucket, library.resolve("library"), "library/");
      files += upload(s3, bucket, library.resolve("holdout"), "benchmarks/holdout/");
      out.println("  " + files + " files");
    }

    Optional<String> production = registry.productionVersion();
    boolean trained =
        production.isPresent()
            && registry
                .get(production.get())
                .map(m -> m.metrics().runId().isPresent())
                .orElse(false);
    if (!trained) {
      step(
          "Training the first model through statemachines/training.asl.json (the small Inception"
              + " V4 on CPU; a few minutes on 2 cores) ...");
      ObjectNode input = JSON.createObjectNode();
      input.put("name", "demo-first");
      input.put("baseModel", "none");
      // the whole budget, no early stop: a short cosine schedule is still climbing at its end, and
      // on a few hundred validation images the patience rule fires on noise
      int budget = epochs.orElse(source.firstRunEpochs());
      input.put("epochs", budget);
      input.put("patience", budget);
      // the demo promotes its first model whatever its accuracy (shown below) so that the loop can
      // be tried at once; real first runs set minimumAccuracy (events/start-training-first.json)
      input.with("decision").put("minimumAccuracy", 0.0);
      ObjectNode hyperparameters = input.putObject("hyperparameters");
      trainingOverrides.forEach(hyperparameters::put);
      long runStart = System.nanoTime();
      LocalStateMachine.Execution execution =
          LocalStateMachine.of(cloud, repoRoot, "TrainingStateMachine", Map.of())
              .progress(new TrainingProgress(out)::accept)
              .run(input);
      double runSeconds = (System.nanoTime() - runStart) / 1e9;
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
        execution
            .output()
            .path("dataset")
            .path("belowCutoff")
            .fields()
            .forEachRemaining(
                e ->
                    out.println(
                        "  Left out: "
                            + e.getKey()
                            + " ("
                            + e.getValue().asInt()
                            + " images, below the cutoff of "
                            + RunRequest.DEFAULT_CUTOFF
                            + "); `./menagerie filter low-count` and a throw-away run find more"));
        String version = execution.output().path("run").path("version").asText();
        registry
            .get(version)
            .ifPresent(m -> out.println("  " + firstRunSummary(m.metrics(), runSeconds)));
      }
    }

    if (s3.listObjectsV2(b -> b.bucket(bucket).prefix("inbox/" + COLLECTION + "/").maxKeys(1))
            .keyCount()
        == 0) {
      step("Dropping unlabelled images into s3://" + bucket + "/inbox/" + COLLECTION + "/ ...");
      int files = upload(s3, bucket, library.resolve("unlabelled"), "inbox/" + COLLECTION + "/");
      files += upload(s3, bucket, library.resolve("unknown"), "inbox/" + COLLECTION + "/");
      out.println(
          "  "
              + files
              + " images: "
              + library.resolve("unlabelled")
              + " (known classes; the truth is in "
              + library.resolve(SYNTH_TRUTH)
              + ") and "
              + library.resolve("unknown")
              + " ("
              + source.unknownDescription()
              + ")");
    }
    awaitInboxIdentified(s3, bucket);
    if (source == DemoLibrary.SYNTHETIC) {
      throwAwaySeconds =
          new DemoThrowAwayRun(cloud, repoRoot, out, registry, trainingOverrides)
              .runOnce(
                  leftOut(library),
                  epochs
                      .map(e -> Math.min(e, DemoThrowAwayRun.EPOCHS))
                      .orElse(DemoThrowAwayRun.EPOCHS));
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

  private void generateSynthetic(Path library) throws IOException, InterruptedException {
    step("Generating the synthetic library in " + library + " ...");
    int exit =
        LocalTrainingJob.runTrainingMain(
            repoRoot,
            "dev.menagerie.training.Synth",
            List.of(
                library.toString(),
                "--per-class",
                String.valueOf(LIBRARY_PER_CLASS),
                "--class-size",
                SMALL_CLASS + "=" + SMALL_CLASS_IMAGES,
                "--synthetic-heavy",
                SYNTHETIC_HEAVY_CLASS,
                "--unlabelled",
                String.valueOf(INBOX_PER_CLASS)),
            line -> out.println("  | " + line));
    if (exit != 0) {
      throw new IOException("the synthetic library generator failed (exit " + exit + ")");
    }
  }

  private void layOutSignDigits(Path library) throws IOException {
    step(
        "Laying out the photos of "
            + SignDigitsLibrary.SOURCE
            + " in "
            + library
            + " (the digit "
            + SignDigitsLibrary.UNSEEN
            + " kept out of training) ...");
    SignDigitsLibrary.Summary written =
        SignDigitsLibrary.write(repoRoot.resolve(SignDigitsLibrary.SOURCE), library);
    out.println(
        "  "
            + written.library()
            + " library, "
            + written.holdout()
            + " held-out and "
            + (written.unlabelled() + written.unknown())
            + " inbox photos; classes "
            + String.join(" ", written.classes()));
  }

  /**
   * The bucket's {@code library/} was uploaded from {@code DATA/demo/} once; if {@code DATA/demo/}
   * has been written again since, from the other library, the bucket holds none of its classes, and
   * uploading nothing (the bucket is not empty) would train on the wrong photos. Refused instead.
   */
  private void refuseIfTheBucketHoldsAnotherLibrary(S3Client s3, String bucket, Path onDisk)
      throws IOException {
    if (s3.listObjectsV2(b -> b.bucket(bucket).prefix("library/").maxKeys(1)).keyCount() == 0) {
      return;
    }
    List<String> labels;
    try (Stream<Path> children = Files.list(onDisk)) {
      labels =
          children
              .filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("_") && !n.startsWith("."))
              .toList();
    }
    for (String label : labels) {
      if (s3.listObjectsV2(b -> b.bucket(bucket).prefix("library/" + label + "/").maxKeys(1))
              .keyCount()
          > 0) {
        return;
      }
    }
    throw new IOException(
        "s3://"
            + bucket
            + "/library/ in "
            + data
            + " holds none of the classes of "
            + onDisk
            + " (the "
            + source.cliName()
            + " library): it was filled from the other library. Use another --data DIR.");
  }

  /**
   * What the first run got and what it cost, from the registry's metrics: the held-out accuracy the
   * promotion decision measured, the epochs, the training job's speed and the run's wall time.
   */
  static String firstRunSummary(ModelMetrics metrics, double runSeconds) {
    String accuracy =
        metrics
            .decision()
            .flatMap(d -> d.candidateOn("holdout"))
            .map(
                heldOut ->
                    String.format(
                        Locale.ROOT,
                        "held-out accuracy %.3f on %d images",
                        heldOut.accuracy(),
                        heldOut.images()))
            .orElse("no held-out accuracy recorded");
    Integer epochs = metrics.training().epochsRun();
    String kernels = metrics.training().kernels();
    return String.format(
        Locale.ROOT,
        "First model: %s after %d epochs at %.0f images/s (kernels %s); the run took %.0f s",
        accuracy,
        epochs == null ? 0 : epochs,
        metrics.finalMetrics().getOrDefault("train:images_per_second", 0.0),
        kernels == null ? "?" : kernels,
        runSeconds);
  }

  /**
   * The library's classes (on disk, read as the pipeline reads the bucket) with fewer images than
   * the pipeline's default cutoff, and their counts.
   */
  private static Map<String, Integer> leftOut(Path library) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (LabelledImage image : LibraryCatalog.scanFolder(library.resolve("library")).images()) {
      counts.merge(image.label(), 1, Integer::sum);
    }
    counts.values().removeIf(images -> images >= RunRequest.DEFAULT_CUTOFF);
    return counts;
  }

  /**
   * Sends the held-out images through {@code POST /classify} and evaluates a sample of the answers
   * from the known truth ({@link DemoTraffic}), once per data directory.
   */
  void sendTraffic(java.net.URI api) throws IOException, InterruptedException {
    if (registry
        .productionVersion()
        .filter(v -> !v.equals(ModelInstaller.SAMPLE_VERSION))
        .isEmpty()) {
      return; // the sample model's answers on the demo's classes would teach nothing
    }
    new DemoTraffic(data.resolve("demo"), api, out).sendOnce();
  }

  /** The synthetic library generator's file of the unlabelled images' true labels. */
  private static final String SYNTH_TRUTH = "unlabelled-labels.csv";

  /**
   * Waits (at most {@link #INBOX_WAIT}) until the inbox watcher has identified every image of the
   * demo's collection with the production model, showing the count as it goes.
   */
  private void awaitInboxIdentified(S3Client s3, String bucket) throws InterruptedException {
    Optional<String> production = registry.productionVersion();
    if (production.isEmpty()) {
      return;
    }
    int objects =
        s3.listObjectsV2(b -> b.bucket(bucket).prefix("inbox/" + COLLECTION + "/")).keyCount();
    long deadline = System.nanoTime() + INBOX_WAIT.toNanos();
    int identified = identifications(production.get()).size();
    if (identified >= objects) {
      return;
    }
    step("Waiting for the inbox watcher to identify inbox/" + COLLECTION + "/ ...");
    int shown = -1;
    while (identified < objects && System.nanoTime() < deadline) {
      if (identified != shown) {
        out.println("  " + identified + " of " + objects + " identified");
        shown = identified;
      }
      Thread.sleep(1_000);
      identified = identifications(production.get()).size();
    }
    out.println(
        "  "
            + identified
            + " of "
            + objects
            + " identified"
            + (identified < objects ? " (the watcher goes on in the background)" : ""));
  }

  private List<Identification> identifications(String modelVersion) {
    return identifications.byCollection(COLLECTION, modelVersion, 10_000);
  }

  /** What to try once the demo is up, for each kind of user ({@link DemoSuggestions}). */
  List<String> suggestions(String apiUrl, boolean defaultData) throws IOException {
    List<Prediction> tops =
        registry.productionVersion().map(this::identifications).orElse(List.of()).stream()
            .flatMap(i -> i.top().stream())
            .toList();
    return new DemoSuggestions(data, source, tops, throwAwaySeconds).lines(apiUrl, defaultData);
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
