package dev.menagerie.local.cli;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code up} and {@code demo}: the local system's lifecycle in this process. Refuses a second cloud
 * on the same data, starts the local cloud, marks runs the last stop interrupted FAILED, installs
 * the sample model when there is no production model, serves the HTTP API and watches the inbox,
 * writes {@code endpoints.json}, runs the demo's preparation, and stops everything on Ctrl-C.
 */
final class UpCommand {
  private final PrintStream out;
  private final Path repoRoot;

  UpCommand(PrintStream out, Path repoRoot) {
    this.out = out;
    this.repoRoot = repoRoot;
  }

  int run(List<String> words, boolean demo) throws IOException {
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
    Path data = Endpoints.dataDir(args, repoRoot);
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
        demoRun.sendTraffic(api.url());
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
            .suggestions(api.url().toString(), data.equals(Endpoints.defaultDataDir(repoRoot)))
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
}
