package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.local.sfn.LocalStateMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The training commands: {@code library put}, {@code benchmark put}, {@code train}, {@code runs},
 * {@code models}, {@code promote} and {@code rollback}, against a running {@code ./menagerie up}.
 * {@code train} runs {@code statemachines/training.asl.json} in this process with the local
 * training job (CPU, SageMaker's container contract) and prints the job's progress.
 */
final class TrainingCommands {
  static final String USAGE =
      """
        library put DIR [--data DIR]
            Upload a labelled library (DIR/<label>/..., DIR/<label>/staged|synthetic/...,
            optional DIR/_meta/images.jsonl with smallSubject, group and benchmark flags) to
            library/ in the bucket.
        benchmark put SET DIR [--data DIR]
            Upload a fixed benchmark set (DIR/<label>/...) to benchmarks/SET/: never trained
            on, used to decide promotions.
        train [--cutoff N] [--throwaway] [--base production|none|VERSION] [--epochs N]
              [--patience N] [--seed S] [--hp KEY=VALUE]... [--input FILE] [--json] [--data DIR]
            Run a training run through statemachines/training.asl.json: prepare the dataset
            (classes with at least N images, default 40), train on CPU through SageMaker's
            container contract (warm start from production with head reset, unless --base
            none), register, evaluate against production, then promote or reject; a
            --throwaway run is never promoted and re-identifies the inbox instead. Prints the
            job's progress, then the outcome and its reasons. --input FILE gives the whole run
            input as JSON (events/start-training.json); flags override it.
        runs [--limit N] [--json] [--data DIR]
            Recent training runs: status, outcome, model version, classes, the base it
            warm-started from (or scratch), epochs run/budget, time.
        models [--json] [--data DIR]
            Model versions with status (production, candidate, rejected, throw-away,
            retired), parent and accuracy; then the promotion log.
        promote VERSION [--force] [--data DIR]
            Move the production alias to VERSION (conditional: fails if it moves meanwhile).
            A version the rule rejected needs --force; a throw-away version never moves.
        rollback [--data DIR]
            Restore the production version before the current one.
      """;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** --json output: one document on one line, so a script can take the last line. */
  private static final ObjectMapper LINE = new ObjectMapper();

  private final PrintStream out;
  private final Path repoRoot;

  TrainingCommands(PrintStream out, Path repoRoot) {
    this.out = out;
    this.repoRoot = repoRoot;
  }

  int run(String command, List<String> words) throws IOException {
    return switch (command) {
      case "library" -> libraryPut(words);
      case "benchmark" -> benchmarkPut(words);
      case "train" -> train(words);
      case "runs" -> runs(words);
      case "models" -> models(words);
      case "promote" -> promote(words);
      case "rollback" -> rollback(words);
      default -> throw new UsageException("unknown command '" + command + "'");
    };
  }

  private int libraryPut(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words.subList(1, words.size()), Set.of(), Set.of("--data"));
    if (args.positionals().size() != 1) {
      throw new UsageException("library put takes one DIR");
    }
    return upload(args, Path.of(args.positionals().get(0)), "library/");
  }

  private int benchmarkPut(List<String> words) throws IOException {
    if (words.isEmpty() || !words.get(0).equals("put")) {
      throw new UsageException("benchmark needs a subcommand: put");
    }
    Arguments args = Arguments.parse(words.subList(1, words.size()), Set.of(), Set.of("--data"));
    if (args.positionals().size() != 2) {
      throw new UsageException("benchmark put takes SET and DIR");
    }
    String set = args.positionals().get(0);
    if (!set.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new UsageException("benchmark set name '" + set + "' is not a simple folder name");
    }
    return upload(args, Path.of(args.positionals().get(1)), "benchmarks/" + set + "/");
  }

  private int upload(Arguments args, Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UsageException(dir + " is not a directory");
    }
    Endpoints endpoints = Endpoints.read(dataDir(args));
    int count;
    try (S3Client s3 = AwsClients.s3(endpoints.aws())) {
      count =
          uploadTree(
              s3,
              endpoints.bucket(),
              dir,
              prefix,
              n -> {
                if (n % 200 == 0) {
                  out.println("  " + n + " files ...");
                }
              });
    }
    out.println("put " + count + " files under s3://" + endpoints.bucket() + "/" + prefix);
    return 0;
  }

  /**
   * Uploads every file under {@code dir} to {@code prefix} + its path relative to {@code dir}, in
   * sorted order; {@code progress} hears the running count. Returns how many.
   */
  static int uploadTree(
      S3Client s3, String bucket, Path dir, String prefix, java.util.function.IntConsumer progress)
      throws IOException {
    int count = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String key = prefix + dir.relativize(file).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        progress.accept(++count);
      }
    }
    return count;
  }

  private int train(List<String> words) throws IOException {
    Arguments args =
        Arguments.parse(
            words,
            Set.of("--throwaway", "--json"),
            Set.of(
                "--cutoff",
                "--base",
                "--epochs",
                "--patience",
                "--seed",
                "--hp",
                "--input",
                "--data",
                "--name"));
    if (!args.positionals().isEmpty()) {
      throw new UsageException("train takes options only, got " + args.positionals());
    }
    ObjectNode given = JSON.createObjectNode();
    if (args.value("--input").isPresent()) {
      Path file = Path.of(args.value("--input").get());
      if (!Files.isRegularFile(file)) {
        throw new UsageException("--input " + file + " is not a file");
      }
      JsonNode read;
      try {
        read = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new UsageException("--input " + file + " is not JSON: " + e.getMessage());
      }
      if (read == null || !read.isObject()) {
        throw new UsageException("--input " + file + " must hold a JSON object");
      }
      given = (ObjectNode) read;
    }
    ObjectNode input = given;
    args.value("--name").ifPresent(v -> input.put("name", v));
    if (args.value("--cutoff").isPresent()) {
      input.put("cutoff", args.intValue("--cutoff", 40, 2, 1_000_000));
    }
    if (args.flag("--throwaway")) {
      input.put("throwAway", true);
    }
    args.value("--base").ifPresent(v -> input.put("baseModel", v));
    if (args.value("--epochs").isPresent()) {
      input.put("epochs", args.intValue("--epochs", 40, 1, 10_000));
    }
    if (args.value("--patience").isPresent()) {
      input.put("patience", args.intValue("--patience", 6, 1, 10_000));
    }
    if (args.value("--seed").isPresent()) {
      input.put("seed", args.intValue("--seed", 42, 0, Integer.MAX_VALUE));
    }
    for (String hp : args.values("--hp")) {
      int eq = hp.indexOf('=');
      if (eq < 1) {
        throw new UsageException("--hp takes KEY=VALUE, got '" + hp + "'");
      }
      input.with("hyperparameters").put(hp.substring(0, eq), hp.substring(eq + 1));
    }
    boolean json = args.flag("--json");
    try {
      dev.menagerie.pipeline.RunRequest.parse(input); // the start step's check, before any work
    } catch (dev.menagerie.common.error.MenagerieException e) {
      throw new UsageException(e.getMessage());
    }
    if (Stack.active().isPresent()) {
      return RemoteExecution.run(
          out, Stack.active().get(), "TrainingStateMachineArn", "train-", input, json);
    }
    Endpoints endpoints = Endpoints.read(dataDir(args));
    try (RunningCloud cloud = new RunningCloud(repoRoot, endpoints)) {
      if (!json) {
        out.println("Training run " + LINE.writeValueAsString(input));
      }
      LocalStateMachine machine =
          LocalStateMachine.of(cloud, repoRoot, "TrainingStateMachine", Map.of())
              .progress(line -> progress(line, json));
      java.time.Instant launched = java.time.Instant.now().minusSeconds(1);
      LocalStateMachine.Execution execution = machine.run(input);
      if (!execution.succeeded()) {
        if (json) {
          out.println(
              LINE.writeValueAsString(
                  Map.of(
                      "status", "FAILED", "error", execution.error(), "cause", execution.cause())));
        }
        throw new IOException(
            "the training run failed: "
                + execution.error()
                + ": "
                + execution.cause()
                + failureDetail(endpoints, launched));
      }
      JsonNode output = execution.output();
      if (json) {
        out.println(LINE.writeValueAsString(output));
        return 0;
      }
      out.println();
      out.println(
          "Run "
              + output.path("run").path("runId").asText()
              + ": model "
              + output.path("run").path("version").asText());
      out.println("  classes:  " + output.path("dataset").path("labels"));
      out.println("  sizes:    " + output.path("dataset").path("sizes"));
      if (!output.path("dataset").path("belowCutoff").isEmpty()) {
        out.println("  below the cutoff: " + output.path("dataset").path("belowCutoff"));
      }
      out.println("  outcome:  " + output.path("decision").path("outcome").asText());
      for (JsonNode reason : output.path("decision").path("reasons")) {
        out.println("    - " + reason.asText());
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private String failureDetail(Endpoints endpoints, java.time.Instant launched) {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      List<RunRecord> recent =
          new DynamoRunStore(dynamo, endpoints.tables().get("RunsTable"))
              .recent(RunKind.TRAINING, 1);
      return recent.isEmpty()
              || recent.get(0).error().isEmpty()
              || recent.get(0).startedAt().isBefore(launched)
          ? ""
          : "\n  recorded against run "
              + recent.get(0).runId()
              + ": "
              + recent.get(0).error().get();
    } catch (RuntimeException e) {
      return "";
    }
  }

  private void progress(String line, boolean json) {
    if (!json) {
      new TrainingProgress(out).accept(line);
    }
  }

  private int runs(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of("--json"), Set.of("--limit", "--data"));
    int limit = args.intValue("--limit", 20, 1, 1000);
    Endpoints endpoints = Endpoints.read(dataDir(args));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      List<RunRecord> runs =
          new DynamoRunStore(dynamo, endpoints.tables().get("RunsTable"))
              .recent(RunKind.TRAINING, limit);
      if (args.flag("--json")) {
        out.println(LINE.writeValueAsString(runs.stream().map(TrainingCommands::runJson).toList()));
        return 0;
      }
      if (runs.isEmpty()) {
        out.println("No training runs yet: start one with ./menagerie train");
        return 0;
      }
      out.printf(
          Locale.ROOT,
          "%-32s %-10s %-10s %-26s %7s %-26s %7s %7s  %s%n",
          "RUN",
          "STATUS",
          "OUTCOME",
          "MODEL",
          "CLASSES",
          "BASE",
          "EPOCHS",
          "TIME",
          "NOTE");
      for (RunRecord run : runs) {
        JsonNode figures = JSON.valueToTree(run.figures());
        out.printf(
            Locale.ROOT,
            "%-32s %-10s %-10s %-26s %7s %-26s %7s %7s  %s%n",
            run.runId(),
            run.status(),
            figures
                .path("outcome")
                .asText(figures.path("throwAway").asBoolean() ? "(throw-away)" : "-"),
            run.modelVersion().orElse("-"),
            figures.path("dataset").path("classCount").asText("-"),
            run.base().orElse("-"),
            run.epochs().orElse("-"),
            run.duration().map(d -> d.toSeconds() + " s").orElse("-"),
            run.error().map(e -> e.length() > 80 ? e.substring(0, 80) + "..." : e).orElse(""));
      }
      return 0;
    }
  }

  private int models(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of("--json"), Set.of("--data"));
    Endpoints endpoints = Endpoints.read(dataDir(args));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      ModelRegistry registry = registry(dynamo, endpoints);
      List<ModelRecord> models = registry.list();
      List<ModelRegistry.Promotion> promotions = registry.promotions();
      if (args.flag("--json")) {
        out.println(
            LINE.writeValueAsString(
                Map.of(
                    "production", registry.productionVersion().orElse(""),
                    "models", models.stream().map(TrainingCommands::modelJson).toList(),
                    "promotions",
                        promotions.stream().map(TrainingCommands::promotionJson).toList())));
        return 0;
      }
      out.printf(
          Locale.ROOT,
          "%-28s %-11s %-28s %-10s %-9s %s%n",
          "VERSION",
          "STATUS",
          "PARENT",
          "ACCURACY",
          "PRECISION",
          "ARCHITECTURE");
      for (ModelRecord m : models) {
        out.printf(
            Locale.ROOT,
            "%-28s %-11s %-28s %-10s %-9s %s%n",
            m.version(),
            m.status(),
            m.parent().orElse("-"),
            accuracy(m),
            m.precision(),
            m.architecture());
      }
      if (!promotions.isEmpty()) {
        out.println();
        out.println("Promotions:");
        for (ModelRegistry.Promotion p : promotions) {
          out.println(
              "  "
                  + p.at()
                  + "  "
                  + p.previous().orElse("(none)")
                  + " -> "
                  + p.version()
                  + "  ("
                  + p.reason()
                  + ")");
        }
      }
      return 0;
    }
  }

  static Map<String, Object> modelJson(ModelRecord m) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("version", m.version());
    json.put("status", m.status().name());
    json.put("location", m.location());
    json.put("architecture", m.architecture());
    json.put("parent", m.parent().orElse(null));
    json.put("registeredAt", m.registeredAt().toString());
    json.put("precision", m.precision());
    json.put("metrics", m.metrics());
    return json;
  }

  static Map<String, Object> runJson(RunRecord r) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("runId", r.runId());
    json.put("kind", r.kind().name());
    json.put("status", r.status().name());
    json.put("startedAt", r.startedAt().toString());
    json.put("endedAt", r.endedAt().map(Object::toString).orElse(null));
    json.put("modelVersion", r.modelVersion().orElse(null));
    json.put("base", r.base().orElse(null));
    json.put("epochs", r.epochs().orElse(null));
    json.put("seconds", r.duration().map(java.time.Duration::toSeconds).orElse(null));
    json.put("figures", r.figures());
    json.put("error", r.error().orElse(null));
    return json;
  }

  static Map<String, Object> promotionJson(ModelRegistry.Promotion p) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("at", p.at().toString());
    json.put("version", p.version());
    json.put("previous", p.previous().orElse(null));
    json.put("reason", p.reason());
    return json;
  }

  private static String accuracy(ModelRecord m) {
    Object decision = m.metrics().get("decision");
    if (decision instanceof Map<?, ?> d && d.get("sets") instanceof Map<?, ?> sets) {
      List<String> parts = new ArrayList<>();
      sets.forEach(
          (set, models) -> {
            if (models instanceof Map<?, ?> byModel
                && byModel.get("candidate") instanceof Map<?, ?> c
                && c.get("accuracy") instanceof Number n) {
              parts.add(String.format(Locale.ROOT, "%.3f", n.doubleValue()));
            }
          });
      if (!parts.isEmpty()) {
        return String.join("/", parts);
      }
    }
    Object validation = m.metrics().get("validationAccuracy");
    return validation instanceof Number n
        ? String.format(Locale.ROOT, "%.3f", n.doubleValue())
        : "-";
  }

  private int promote(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of("--force"), Set.of("--data"));
    if (args.positionals().size() != 1) {
      throw new UsageException("promote takes one VERSION");
    }
    String version = args.positionals().get(0);
    Endpoints endpoints = Endpoints.read(dataDir(args));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      ModelRegistry registry = registry(dynamo, endpoints);
      Optional<String> current = registry.productionVersion();
      ModelRecord model =
          registry
              .get(version)
              .orElseThrow(() -> new UsageException("no model version " + version));
      String reason = "promoted by hand";
      if (model.status() == ModelStatus.REJECTED) {
        if (!args.flag("--force")) {
          throw new UsageException(
              version
                  + " was rejected by the promotion rule (`./menagerie models` shows why);"
                  + " add --force to promote it anyway");
        }
        registry.setStatus(version, ModelStatus.CANDIDATE);
        reason = "promoted by hand over the rule's rejection";
      }
      registry.promote(version, current, reason);
      out.println("production: " + current.orElse("(none)") + " -> " + version);
      return 0;
    }
  }

  private int rollback(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of(), Set.of("--data"));
    Endpoints endpoints = Endpoints.read(dataDir(args));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      ModelRegistry registry = registry(dynamo, endpoints);
      String before = registry.productionVersion().orElse("(none)");
      String now = registry.rollback();
      out.println("production: " + before + " -> " + now + " (rolled back)");
      return 0;
    }
  }

  private static ModelRegistry registry(DynamoDbClient dynamo, Endpoints endpoints) {
    return new DynamoModelRegistry(
        dynamo, endpoints.tables().get("ModelsTable"), Clock.systemUTC());
  }

  private Path dataDir(Arguments args) {
    return Path.of(args.value("--data").orElse(repoRoot.resolve(".menagerie").toString()))
        .toAbsolutePath()
        .normalize();
  }
}
