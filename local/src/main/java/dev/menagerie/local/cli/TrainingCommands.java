package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.local.sfn.LocalStateMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The training commands: {@code library put} and {@code benchmark put} (the data a run reads) and
 * {@code train}, against a running {@code ./menagerie up} ({@link RunsCommand} lists the runs,
 * {@link RegistryCommands} the models they made). {@code train} runs {@code
 * statemachines/training.asl.json} in this process with the local training job (CPU, SageMaker's
 * container contract) and prints the job's progress.
 */
final class TrainingCommands {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** --json output: one document on one line, so a script can take the last line. */
  private static final ObjectMapper LINE = new ObjectMapper();

  private TrainingCommands() {}

  /**
   * {@code benchmark put} and {@code train} ({@code library put} is under {@link FilterCommands}).
   */
  static Map<String, CommandLine> commands() {
    Map<String, CommandLine> commands = new LinkedHashMap<>();
    commands.put("benchmark", CommandGroup.of("put", new BenchmarkPut()));
    commands.put("train", new CommandLine(new Train()));
    return commands;
  }

  @Command(
      description =
          "Upload a labelled library (DIR/<label>/..., DIR/<label>/staged|synthetic/..., optional"
              + " DIR/_meta/images.jsonl with smallSubject, group and benchmark flags) to library/"
              + " in the bucket.")
  static final class LibraryPut extends CliCommand {
    @Parameters(paramLabel = "DIR", description = "The library.")
    Path dir;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      return upload(this, data, dir, "library/");
    }
  }

  @Command(
      description =
          "Upload a fixed benchmark set (DIR/<label>/...) to benchmarks/SET/: never trained on,"
              + " used to decide promotions.")
  static final class BenchmarkPut extends CliCommand {
    @Parameters(index = "0", paramLabel = "SET", description = "The set's name.")
    String set;

    @Parameters(index = "1", paramLabel = "DIR", description = "Its images.")
    Path dir;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      if (!set.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new UsageException("benchmark set name '" + set + "' is not a simple folder name");
      }
      return upload(this, data, dir, "benchmarks/" + set + "/");
    }
  }

  private static int upload(CliCommand command, DataOption data, Path dir, String prefix)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UsageException(dir + " is not a directory");
    }
    PrintStream out = command.out();
    Endpoints endpoints = command.target().endpoints(data.dir(command.repoRoot()));
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

  @Command(
      name = "train",
      description =
          "Run a training run through statemachines/training.asl.json: prepare the dataset"
              + " (classes with at least N images, default 40), train on CPU through SageMaker's"
              + " container contract (warm start from production with head reset, unless --base"
              + " none), register, evaluate against production, then promote or reject; a"
              + " --throwaway run is never promoted and re-identifies the inbox instead. Prints the"
              + " job's progress, then the outcome and its reasons. --input FILE gives the whole"
              + " run input as JSON (events/start-training.json); flags override it.")
  static final class Train extends CliCommand {
    @Option(
        names = "--cutoff",
        paramLabel = "N",
        description = "The class-size cutoff (default 40).")
    Integer cutoff;

    @Option(names = "--throwaway", description = "Never promoted; re-identifies the inbox.")
    boolean throwaway;

    @Option(
        names = "--base",
        paramLabel = "production|none|VERSION",
        description = "The model to warm-start from (default production).")
    String base;

    @Option(names = "--epochs", paramLabel = "N", description = "The budget in epochs.")
    Integer epochs;

    @Option(names = "--patience", paramLabel = "N", description = "Epochs without progress.")
    Integer patience;

    @Option(names = "--seed", paramLabel = "S", description = "The random seed.")
    Integer seed;

    @Option(
        names = "--hp",
        paramLabel = "KEY=VALUE",
        description = "A hyperparameter (repeatable).")
    Map<String, String> hyperparameters = new LinkedHashMap<>();

    @Option(names = "--input", paramLabel = "FILE", description = "The whole run input as JSON.")
    Path inputFile;

    @Option(names = "--name", paramLabel = "NAME", description = "The run's name.")
    String name;

    @Option(names = "--json", description = "The outcome as one line of JSON.")
    boolean json;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      ObjectNode given = JSON.createObjectNode();
      if (inputFile != null) {
        Path file = inputFile;
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
      if (name != null) {
        input.put("name", name);
      }
      if (cutoff != null) {
        input.put("cutoff", within("--cutoff", cutoff, 2, 1_000_000));
      }
      if (throwaway) {
        input.put("throwAway", true);
      }
      if (base != null) {
        input.put("baseModel", base);
      }
      if (epochs != null) {
        input.put("epochs", within("--epochs", epochs, 1, 10_000));
      }
      if (patience != null) {
        input.put("patience", within("--patience", patience, 1, 10_000));
      }
      if (seed != null) {
        input.put("seed", within("--seed", seed, 0, Integer.MAX_VALUE));
      }
      hyperparameters.forEach((k, v) -> input.with("hyperparameters").put(k, v));
      try {
        dev.menagerie.pipeline.RunRequest.parse(input); // the start step's check, before any work
      } catch (dev.menagerie.common.error.MenagerieException e) {
        throw new UsageException(e.getMessage());
      }
      return run(input);
    }

    private int run(ObjectNode input) throws IOException {
      PrintStream out = out();
      Path repoRoot = repoRoot();
      Target target = target();
      if (target.stack().isPresent()) {
        return RemoteExecution.run(
            out, target.stack().get(), "TrainingStateMachineArn", "train-", input, json);
      }
      Path dataDir = data.dir(repoRoot);
      Endpoints endpoints = Endpoints.read(dataDir);
      try (RunningCloud cloud = new RunningCloud(repoRoot, dataDir, endpoints)) {
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
            Map<String, Object> failed = new java.util.LinkedHashMap<>();
            failed.put("status", "FAILED");
            failed.put("error", execution.error());
            failed.put("cause", execution.cause());
            out.println(LINE.writeValueAsString(failed));
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
        new TrainingProgress(out()).accept(line);
      }
    }
  }
}
