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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code up} and {@code demo}: starts the {@link LocalSystem} (which refuses a second cloud on the
 * same data and stops everything on Ctrl-C), marks runs the last stop interrupted FAILED, installs
 * the sample model when there is no production model, serves the HTTP API and watches the inbox,
 * runs the demo's preparation, and prints where everything is.
 */
abstract class UpCommand extends CliCommand {
  @Mixin DataOption data;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "The API's port on 127.0.0.1 (default 8080; 0 = any free port).")
  int port = 8080;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "A template parameter (repeatable).")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--no-sample-model",
      description = "Do not install the sample model when there is no production model.")
  boolean noSampleModel;

  /** {@code up}. */
  @Command(
      name = "up",
      description =
          "Start the local cloud (dynalite, S3Mock) with the tables and bucket of template.yaml,"
              + " serve its HTTP API routes on 127.0.0.1:N (default 8080; 0 = any free port) and"
              + " write DIR/endpoints.json. State lives in DIR (default .menagerie) and survives"
              + " restarts. Without a production model, the built-in sample model (labels by mean"
              + " colour; its predictions mean nothing for animals) is installed. Ctrl-C stops"
              + " everything it started.")
  static final class Up extends UpCommand {
    @Override
    public Integer call() throws IOException {
      return start(null, Map.of(), Optional.empty());
    }
  }

  /** {@code demo}. */
  @Command(
      name = "demo",
      description =
          "Everything `up` does, and on first use: lay out a library in DIR/demo, upload it with"
              + " a held-out benchmark set, train a first model through the training state"
              + " machine (progress shown; --epochs N, default "
              + Demo.FIRST_RUN_EPOCHS
              + " for synthetic, "
              + SignDigitsLibrary.FIRST_RUN_EPOCHS
              + " for sign-digits) and promote it, drop unlabelled images into inbox/demo/ and"
              + " wait until the inbox watcher has identified them. Run again, it reuses all of"
              + " that and starts in seconds. --library synthetic (the default): generated"
              + " shapes, with the staged, synthetic and small-subject flags the filters look at."
              + " --library sign-digits: real photos of hands showing the digits"
              + " (samples/sign-language-digits, Apache-2.0), no flags, the digit 9 kept out of"
              + " training as the inbox's unknown class. DIR/demo records which library it holds;"
              + " without --library a second start uses that one.")
  static final class DemoCommand extends UpCommand {
    @Option(
        names = "--library",
        paramLabel = "synthetic|sign-digits",
        description = "The library to start from (default: synthetic, or the one DIR/demo holds).")
    String library;

    @Option(
        names = "--epochs",
        paramLabel = "N",
        description = "The first training run's budget in epochs.")
    Integer epochs;

    @Option(
        names = "--hp",
        paramLabel = "KEY=VALUE",
        description = "A hyperparameter of the first training run (repeatable).")
    Map<String, String> trainingOverrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
      Path dir = data.dir(repoRoot());
      DemoLibrary chosen =
          DemoLibrary.choose(
              Optional.ofNullable(library).map(DemoLibrary::named), dir.resolve("demo"));
      if (epochs != null) {
        within("--epochs", epochs, 1, 10_000);
      }
      return start(chosen, trainingOverrides, Optional.ofNullable(epochs));
    }
  }

  /**
   * Starts the local system and, for the demo ({@code library} given), its preparation; returns
   * when Ctrl-C has stopped it.
   */
  int start(DemoLibrary library, Map<String, String> trainingOverrides, Optional<Integer> epochs)
      throws IOException {
    within("--port", port, 0, 65535);
    boolean demo = library != null;
    PrintStream out = out();
    Path repoRoot = repoRoot();
    Path data = this.data.dir(repoRoot);
    LocalSystem system = LocalSystem.start(repoRoot, data, parameters, out);
    try {
      LocalCloud cloud = system.cloud();
      failInterruptedRuns(cloud, out);
      if (!noSampleModel) {
        installSampleIfNoProduction(cloud, out);
      }
      // written before the demo's preparation, so that the CLI works in another terminal while the
      // first model trains (`runs`, `models`); "Menagerie is up." says when the demo is ready
      Endpoints endpoints = system.serve(port);
      LocalHttpApi api = system.api();
      LocalInbox inbox = system.inbox();
      Demo demoRun = null;
      if (demo) {
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
            .suggestions(api.url().toString(), data.equals(DataOption.defaultDir(repoRoot)))
            .forEach(line -> out.println("  " + line));
      }
      out.println("Press Ctrl-C to stop.");
      out.flush();
      system.awaitStop();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.close();
      throw new IOException("interrupted", e);
    } catch (IOException | RuntimeException e) {
      system.close();
      throw e;
    }
  }

  /**
   * Marks FAILED the runs still RUNNING from an earlier start of this local cloud: its executions
   * run inside the process that started them, so none of them survived its stop (Ctrl-C during a
   * training run); left alone they would show as running forever.
   */
  private static void failInterruptedRuns(LocalCloud cloud, PrintStream out) {
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

  private static void installSampleIfNoProduction(LocalCloud cloud, PrintStream out) {
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
}
