package dev.menagerie.local.cli;

import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.store.RunStore;
import dev.menagerie.local.api.LocalHttpApi;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.local.inbox.LocalInbox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ./menagerie}: the local cloud and the engineer's commands. */
public final class Main {
  static final String USAGE =
      """
      Usage: ./menagerie COMMAND [OPTIONS]

      Menagerie classifies images on CPU behind an HTTP API and keeps improving its model.
      These commands run the whole system on this machine (no AWS, no Docker) and drive it.

      Commands:
        demo [--library synthetic|sign-digits] [--data DIR] [--port N] [--epochs N]
             [--hp KEY=VALUE]...
            Everything `up` does, and on first use: lay out a library in DIR/demo, upload it
            with a held-out benchmark set, train a first model through the training state
            machine (progress shown; --epochs N, default %d for synthetic, %d for sign-digits)
            and promote it, drop unlabelled images into inbox/demo/ and wait until the inbox
            watcher has identified them. Run again, it reuses all of that and starts in seconds.
            --library synthetic (the default): generated shapes, with the staged, synthetic
            and small-subject flags the filters look at. --library sign-digits: real photos of
            hands showing the digits (samples/sign-language-digits, Apache-2.0), no flags, the
            digit 9 kept out of training as the inbox's unknown class. DIR/demo records which
            library it holds; without --library a second start uses that one.
        up [--data DIR] [--port N] [--param NAME=VALUE]... [--no-sample-model]
            Start the local cloud (dynalite, S3Mock) with the tables and bucket of
            template.yaml, serve its HTTP API routes on 127.0.0.1:N (default 8080; 0 = any
            free port) and write DIR/endpoints.json. State lives in DIR (default .menagerie)
            and survives restarts. Without a production model, the built-in sample model
            (labels by mean colour; its predictions mean nothing for animals) is installed.
            Ctrl-C stops everything it started.
        model install MODEL_DIR [--production] [--data DIR]
                      [--precision int8 --calibration DIR --holdout DIR]
            Upload a model directory (model.onnx, labels.json, model-card.json) to the running
            local cloud, register its version, and with --production move the production
            alias to it (the classify function picks it up within seconds). --precision int8
            quantizes an fp32 model first (calibrated on images of the labelled folder
            --calibration, its accuracy cost measured on --holdout; see docs/int8.md).
        model sample OUT_DIR
            Write the built-in sample model to OUT_DIR.
        synth DIR [--seed S] [--help]
            Write a deterministic synthetic image library to DIR/library (and held-out images
            to DIR/holdout) for tests, the demo and benchmarks.
        trainjob --library DIR --model-out MODEL_DIR [--base MODEL_DIR] [--config small|inception_v4]
                 [--epochs N] [--help]
            Run the training job locally on folders (the program SageMaker runs): Inception V4
            in DJL, warm start with head reset, ONNX export. See training/README.md.
        bench [--quick] [--only SECTION,...]
            Run the performance suite (benchmarks/): prints a Markdown table of ratios against
            peers measured in the same run and writes benchmarks/results/latest.json.
      """
              .formatted(Demo.FIRST_RUN_EPOCHS, SignDigitsLibrary.FIRST_RUN_EPOCHS)
          + ClassifyCommand.USAGE
          + FilterCommands.USAGE
          + TrainingCommands.USAGE
          + ReportCommands.USAGE
          + Doctor.USAGE
          + """
        help [COMMAND]
            This text.

      Against a deployed stack: add --stack NAME [--region R] to any command but up, demo,
      model, rollup and doctor. The CLI reads the stack's outputs and uses the default AWS
      credential chain: S3 and DynamoDB directly, the state machines through Step Functions,
      and the HTTP API with SigV4 (or, for a JWT stack, the bearer token in MENAGERIE_TOKEN).

      Try, once `./menagerie up` is running:
        curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg' http://127.0.0.1:8080/classify
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Path repoRoot;

  Main(PrintStream out, PrintStream err, Path repoRoot) {
    this.out = out;
    this.err = err;
    this.repoRoot = repoRoot;
  }

  public static void main(String[] args) {
    Path repo = Path.of(System.getProperty("menagerie.repo", ".")).toAbsolutePath().normalize();
    int code = new Main(System.out, System.err, repo).run(Arrays.asList(args));
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the exit code (0 ok, 1 failed, 2 usage). */
  int run(List<String> words) {
    if (words.isEmpty() || Set.of("help", "--help", "-h").contains(words.get(0))) {
      out.print(USAGE);
      return 0;
    }
    List<String> rest = new java.util.ArrayList<>(words.subList(1, words.size()));
    try {
      Optional<String> stack = take(rest, "--stack");
      Optional<String> region = take(rest, "--region");
      Stack.clear();
      if (stack.isPresent()) {
        if (Set.of("up", "demo", "model", "doctor").contains(words.get(0))) {
          throw new UsageException(words.get(0) + " is for the local cloud; it takes no --stack");
        }
        Stack.use(stack.get(), region);
        if (words.get(0).equals("rollup")) {
          throw new UsageException(
              "rollup runs the local cloud's rollup; on AWS the RollupFunction runs daily (invoke"
                  + " it to redo days: the RollupFunctionName output)");
        }
      }
      if (rest.contains("--help") || rest.contains("-h")) {
        out.print(help(words.get(0)));
        return 0;
      }
      return switch (words.get(0)) {
        case "up" -> up(rest, false);
        case "demo" -> up(rest, true);
        case "model" -> model(rest);
        case "library" ->
            !rest.isEmpty() && rest.get(0).equals("put")
                ? new TrainingCommands(out, repoRoot).run("library", rest)
                : new FilterCommands(out, repoRoot).run("library", rest);
        case "inbox", "filter", "archive", "bulk" ->
            new FilterCommands(out, repoRoot).run(words.get(0), rest);
        case "identify" -> new FilterCommands(out, repoRoot).run("bulk", prepend("identify", rest));
        case "restore" ->
            new FilterCommands(out, repoRoot).run("archive", prepend("restore", rest));
        case "classify" -> new ClassifyCommand(out, repoRoot).run(rest);
        case "benchmark", "train", "runs", "models", "promote", "rollback" ->
            new TrainingCommands(out, repoRoot).run(words.get(0), rest);
        case "evaluate", "report", "rollup" -> new ReportCommands(out, this::dataDir).run(words);
        case "doctor" -> new Doctor(out, repoRoot).run(rest);
        default -> throw new UsageException("unknown command '" + words.get(0) + "'");
      };
    } catch (UsageException e) {
      err.println("menagerie: " + e.getMessage());
      err.println(
          help(words.get(0)).equals(USAGE)
              ? "Run `./menagerie --help` for the commands."
              : "Run `./menagerie " + words.get(0) + " --help` for its options.");
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("menagerie: " + e.getMessage());
      return 1;
    }
  }

  /** Removes {@code --name VALUE} (or {@code --name=VALUE}) from {@code words}; its value. */
  private static Optional<String> take(List<String> words, String name) {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.startsWith(name + "=")) {
        words.remove(i);
        return Optional.of(w.substring(name.length() + 1));
      }
      if (w.equals(name)) {
        if (i + 1 >= words.size()) {
          throw new UsageException(name + " needs a value");
        }
        String value = words.get(i + 1);
        words.remove(i + 1);
        words.remove(i);
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static List<String> prepend(String word, List<String> rest) {
    List<String> all = new java.util.ArrayList<>();
    all.add(word);
    all.addAll(rest);
    return all;
  }

  /** The usage lines of one command (all of them for an unknown one). */
  static String help(String command) {
    String key =
        switch (command) {
          case "identify" -> "bulk";
          case "restore" -> "archive";
          default -> command;
        };
    StringBuilder section = new StringBuilder();
    boolean in = false;
    for (String line : USAGE.split("\n")) {
      if (line.startsWith("  ") && !line.startsWith("   ")) {
        in = line.equals("  " + key) || line.startsWith("  " + key + " ");
      } else if (!line.startsWith("   ")) {
        in = false;
      }
      if (in) {
        section.append(line).append('\n');
      }
    }
    return section.length() == 0 ? USAGE : "Usage: ./menagerie\n" + section;
  }

  private int up(List<String> words, boolean demo) throws IOException {
    Arguments args =
        Arguments.parse(
            words,
            Set.of("--no-sample-model"),
            demo
                ? Set.of("--data", "--port", "--param", "--hp", "--epochs", "--library")
                : Set.of("--data", "--port", "--param"));
    if (!args.positionals().isEmpty()) {
      throw new UsageException(
          (demo ? "demo" : "up") + " takes no arguments, got " + args.positionals());
    }
    Map<String, String> trainingOverrides = new LinkedHashMap<>();
    for (String hp : args.values("--hp")) {
      int eq = hp.indexOf('=');
      if (eq < 1) {
        throw new UsageException("--hp takes KEY=VALUE, got '" + hp + "'");
      }
      trainingOverrides.put(hp.substring(0, eq), hp.substring(eq + 1));
    }
    Optional<DemoLibrary> requested = args.value("--library").map(DemoLibrary::named);
    Path data = dataDir(args);
    DemoLibrary library = demo ? DemoLibrary.choose(requested, data.resolve("demo")) : null;
    int port = args.intValue("--port", 8080, 0, 65535);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String param : args.values("--param")) {
      int eq = param.indexOf('=');
      if (eq < 1) {
        throw new UsageException("--param takes NAME=VALUE, got '" + param + "'");
      }
      parameters.put(param.substring(0, eq), param.substring(eq + 1));
    }
    refuseIfRunning(data);
    out.println("Starting the local cloud with state in " + data + " ...");
    LocalCloud cloud = LocalCloud.start(repoRoot, Optional.of(data), parameters);
    LocalHttpApi api = null;
    LocalInbox inbox = null;
    try {
      failInterruptedRuns(cloud);
      if (!args.flag("--no-sample-model")) {
        installSampleIfNoProduction(cloud);
      }
      api = LocalHttpApi.start(cloud, port, Map.of("MODEL_REFRESH_SECONDS", "2"));
      inbox =
          LocalInbox.create(
              cloud, Map.of("MODEL_REFRESH_SECONDS", "2"), LocalInbox.Options.interactive());
      inbox.start();
      CountDownLatch stopped = stopOnShutdown(cloud, api, inbox, data);
      // written before the demo's preparation, so that the CLI works in another terminal while the
      // first model trains (`runs`, `models`); "Menagerie is up." says when the demo is ready
      Endpoints endpoints = Endpoints.of(cloud, api.url(), ProcessHandle.current().pid());
      endpoints.write(data);
      Demo demoRun = null;
      if (demo) {
        Optional<Integer> epochs =
            args.value("--epochs").isPresent()
                ? Optional.of(args.intValue("--epochs", library.firstRunEpochs(), 1, 10_000))
                : Optional.empty();
        demoRun = new Demo(cloud, repoRoot, data, out, library, trainingOverrides, epochs);
        demoRun.prepare();
      }
      ReportCommands.startLocalRollups(cloud, out, 60); // past days at start, then hourly
      out.println("Menagerie is up.");
      out.println("  API:       " + api.url());
      api.routes()
          .forEach(
              r -> out.println("    " + r.method() + " " + r.path() + "  -> " + r.functionId()));
      out.println("  DynamoDB:  " + cloud.dynamoEndpoint());
      out.println("  S3:        " + cloud.s3Endpoint() + "  (bucket " + endpoints.bucket() + ")");
      out.println(
          "  Inbox:     s3://"
              + endpoints.bucket()
              + "/"
              + inbox.wiring().prefix()
              + "  -> "
              + inbox.wiring().functionId()
              + " (watched; batches of "
              + inbox.wiring().batchSize()
              + ")");
      out.println("  Endpoints: " + data.resolve(Endpoints.FILE));
      out.println();
      if (demoRun == null) {
        out.println(
            "Try:  curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg' "
                + api.url()
                + "/classify");
      } else {
        out.println("  Dashboard: " + api.url() + "/dashboard");
        out.println(
            "  Reports:   " + api.url() + "/reports/usage  " + api.url() + "/reports/models");
        out.println("Try, in another terminal:");
        demoRun
            .suggestions(api.url().toString(), data.equals(defaultDataDir()))
            .forEach(line -> out.println("  " + line));
      }
      out.println("Press Ctrl-C to stop.");
      out.flush();
      awaitShutdown(stopped);
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (inbox != null) {
        inbox.close();
      }
      if (api != null) {
        api.close();
      }
      cloud.close();
      throw new IOException("interrupted", e);
    } catch (IOException | RuntimeException e) {
      if (inbox != null) {
        inbox.close();
      }
      if (api != null) {
        api.close();
      }
      cloud.close();
      throw e;
    }
  }

  /**
   * A second local cloud on the same data would fight the first over its files (dynalite's store is
   * locked, so it failed with "Connection refused"): refused, naming the one running. An
   * endpoints.json whose process has gone is stale and ignored.
   */
  private static void refuseIfRunning(Path data) throws IOException {
    if (!Files.exists(data.resolve(Endpoints.FILE))) {
      return;
    }
    Endpoints running;
    try {
      running = Endpoints.read(data);
    } catch (IOException unreadable) {
      return; // half-written by a process that died: stale
    }
    boolean alive =
        running.pid() != ProcessHandle.current().pid()
            && ProcessHandle.of(running.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("menagerie")).orElse(true))
                .isPresent();
    if (alive) {
      throw new IOException(
          "a local cloud is already running with data in "
              + data
              + " (pid "
              + running.pid()
              + ", API "
              + running.apiUrl()
              + "): use it, stop it first (Ctrl-C in its terminal), or start another with --data"
              + " DIR");
    }
  }

  /**
   * Marks FAILED the runs still RUNNING from an earlier start of this local cloud: its executions
   * run inside the process that started them, so none of them survived its stop (Ctrl-C during a
   * training run); left alone they would show as running forever.
   */
  private void failInterruptedRuns(LocalCloud cloud) {
    RunStore runs = new DynamoRunStore(cloud.dynamo(), cloud.resources().tableName("RunsTable"));
    Instant now = Instant.now();
    for (RunKind kind : RunKind.values()) {
      for (RunRecord run : runs.recent(kind, 1_000)) {
        if (run.status() == RunStatus.RUNNING) {
          runs.put(
              run.finished(
                  RunStatus.FAILED,
                  now,
                  run.figures(),
                  Optional.of(INTERRUPTED + " (found RUNNING at the next start)")));
          out.println("Run " + run.runId() + " was interrupted by the last stop: marked FAILED.");
        }
      }
    }
  }

  private static final String INTERRUPTED = "interrupted: the local cloud stopped during the run";

  private void installSampleIfNoProduction(LocalCloud cloud) {
    String modelsTable = cloud.resources().tableName("ModelsTable");
    ModelRegistry registry =
        new DynamoModelRegistry(cloud.dynamo(), modelsTable, Clock.systemUTC());
    if (registry.productionVersion().isPresent()) {
      out.println("Production model: " + registry.productionVersion().get());
      return;
    }
    ModelInstaller installer =
        new ModelInstaller(
            new ModelRepository(cloud.s3(), cloud.resources().bucketNames().get(0)),
            registry,
            Clock.systemUTC());
    if (registry.get(ModelInstaller.SAMPLE_VERSION).isPresent()) {
      registry.promote(ModelInstaller.SAMPLE_VERSION, Optional.empty());
    } else {
      installer.install(ModelInstaller.sampleModel(), true);
    }
    out.println(
        "No production model yet: installed the sample model "
            + ModelInstaller.SAMPLE_VERSION
            + " (labels by mean colour; train a real one later).");
  }

  /** Ctrl-C (or SIGTERM) from now on stops everything this process started, children included. */
  private CountDownLatch stopOnShutdown(
      LocalCloud cloud, LocalHttpApi api, LocalInbox inbox, Path data) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Stopping ...");
                  // a training job or generator still running (demo, train) goes first
                  ProcessHandle.current()
                      .children()
                      .filter(p -> !p.info().command().orElse("").contains("node"))
                      .forEach(ProcessHandle::destroy);
                  inbox.close();
                  api.close();
                  cloud.close();
                  try {
                    Files.deleteIfExists(data.resolve(Endpoints.FILE));
                  } catch (IOException ignored) {
                    // a stale endpoints.json names a dead pid; readers check
                  }
                  out.println("Stopped.");
                  out.flush();
                  stopped.countDown();
                }));
    if ("1".equals(System.getenv("MENAGERIE_EXIT_WITH_PARENT"))) {
      // started by a test: stop with it, even if it is killed before it can stop us
      ProcessHandle.current()
          .parent()
          .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    }
    return stopped;
  }

  private void awaitShutdown(CountDownLatch stopped) {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int model(List<String> words) throws IOException {
    if (words.isEmpty()) {
      throw new UsageException("model needs a subcommand: install or sample");
    }
    List<String> rest = words.subList(1, words.size());
    switch (words.get(0)) {
      case "install" -> {
        Arguments args =
            Arguments.parse(
                rest,
                Set.of("--production"),
                Set.of("--data", "--precision", "--calibration", "--holdout"));
        if (args.positionals().size() != 1) {
          throw new UsageException("model install takes one MODEL_DIR");
        }
        ModelBundle bundle =
            Int8Option.apply(ModelBundle.read(Path.of(args.positionals().get(0))), args);
        Endpoints endpoints = Endpoints.read(dataDir(args));
        AwsSettings aws = endpoints.aws();
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(aws);
            S3Client s3 = AwsClients.s3(aws)) {
          ModelInstaller installer =
              new ModelInstaller(
                  new ModelRepository(s3, endpoints.bucket()),
                  new DynamoModelRegistry(
                      dynamo, endpoints.tables().get("ModelsTable"), Clock.systemUTC()),
                  Clock.systemUTC());
          ModelInstaller.Installed installed = installer.install(bundle, args.flag("--production"));
          out.println(
              "Installed model "
                  + installed.version()
                  + " at "
                  + installed.location()
                  + (installed.production() ? " and made it production" : " as a candidate")
                  + " ("
                  + bundle.card().precision()
                  + ")");
          Int8Option.describe(bundle).ifPresent(out::println);
        }
        return 0;
      }
      case "sample" -> {
        Arguments args = Arguments.parse(rest, Set.of(), Set.of());
        if (args.positionals().size() != 1) {
          throw new UsageException("model sample takes one OUT_DIR");
        }
        Path dir = Path.of(args.positionals().get(0));
        ModelInstaller.sampleModel().write(dir);
        out.println("Wrote the sample model " + ModelInstaller.SAMPLE_VERSION + " to " + dir);
        return 0;
      }
      default -> throw new UsageException("unknown model subcommand '" + words.get(0) + "'");
    }
  }

  private Path dataDir(Arguments args) {
    return args.value("--data")
        .map(d -> Path.of(d).toAbsolutePath().normalize())
        .orElse(defaultDataDir());
  }

  private Path defaultDataDir() {
    return repoRoot.resolve(".menagerie").toAbsolutePath().normalize();
  }
}
