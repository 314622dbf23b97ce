package dev.menagerie.tests.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.local.cli.Endpoints;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The loop as an engineer lives it, through {@code ./menagerie} only: demo up (synthetic library, a
 * first model trained through the state machine and promoted, unlabelled images in the inbox) →
 * classify → bulk identify the inbox → filters → label the unknowns as a new class → a throw-away
 * run → a normal run with the added class → evaluate some transactions → the reports show both
 * model versions. Tiny training settings: this checks the flow, not the model's quality.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoLoopEndToEndTest {
  private static final Duration STEP = Duration.ofMinutes(2);
  private static final Duration RUN = Duration.ofMinutes(8);
  private static final String[] TINY = {
    "--hp", "input_size=75", "--hp", "width=0.25", "--hp", "batch_size=16"
  };
  private static final Pattern VERSION = Pattern.compile("\\[(v[0-9T-]+[0-9a-f]*)]");

  private Path data;
  private Launcher launcher;
  private Process demo;
  private Endpoints endpoints;

  @BeforeAll
  void start() throws Exception {
    data = Files.createTempDirectory("menagerie-demo-e2e-");
    launcher = new Launcher(LocalCloudExtension.repositoryRoot(), data);
  }

  @AfterAll
  void stop() throws Exception {
    Launcher.stopAndDelete(demo, data);
  }

  @Test
  void theWholeLoop() throws Exception {
    // demo: library generated and uploaded, first model trained and promoted, inbox filled
    List<String> args =
        new ArrayList<>(List.of("demo", "--data", data.toString(), "--port", "0", "--epochs", "2"));
    args.addAll(List.of(TINY));
    demo = launcher.start(args.toArray(String[]::new));
    endpoints = launcher.awaitEndpoints(demo, RUN);
    // the CLI answers while the demo prepares (endpoints.json comes first)
    Launcher.Result runs = cli(STEP, "runs");
    assertThat(runs.exit()).as(runs.output()).isZero();
    assertThat(runs.output()).containsPattern("No training runs yet|RUN +STATUS +OUTCOME");
    String printed = launcher.awaitStartedOutput(demo, "Press Ctrl-C", RUN);
    // it says what the first model got and what it cost, and which kernels trained it
    assertThat(printed)
        .containsPattern("First model: held-out accuracy [0-9.]+ on [0-9]+ images after 2 epochs")
        .containsPattern("kernels: (NCHW|channels-last)");
    // the console is for people: the functions' JSON logs and metrics are in their files
    assertThat(ConsoleTest.functionLines(printed)).as(printed).isEmpty();
    assertThat(Files.readString(data.resolve("logs/PipelineFunction.log")))
        .contains("\"message\":\"training pipeline step ");
    JsonNode models = cli(STEP, "models", "--json").json();
    String first = models.path("production").asText();
    assertThat(first).startsWith("v");
    assertThat(models.toString()).contains("\"status\":\"RETIRED\""); // the sample model
    Path holdout = data.resolve("demo/holdout");
    assertThat(holdout.resolve("circle")).isDirectory();

    // the story the demo tells: the small class left out, then brought in by a throw-away run;
    // real traffic and evaluations behind the reports
    assertThat(printed)
        .contains("Left out: cross (30 images, below the cutoff of 40)")
        .contains("A throw-away run at cutoff 20")
        .containsPattern("Sending the [0-9]+ held-out images through POST");
    long heldOut;
    try (Stream<Path> files = Files.walk(holdout)) {
      heldOut = files.filter(Files::isRegularFile).count();
    }
    // report --json prints the route's answer as an indented document
    assertThat(cli(STEP, "report", "usage", "--json").output())
        .containsPattern("\"requests\"\\s*:\\s*" + heldOut + "\\b");
    assertThat(cli(STEP, "report", "accuracy", "--json").output())
        .containsPattern("\"evaluations\"\\s*:\\s*[1-9]");
    Launcher.Result nonsense = cli(STEP, "filter", "nonsense");
    assertThat(nonsense.exit()).isEqualTo(2);
    assertThat(nonsense.output()).contains("look-alikes, low-count, synthetic-heavy");

    // what the demo suggests works as printed (train is tried below with a smaller budget)
    List<String> suggested = suggestions(printed);
    assertThat(suggested)
        .anyMatch(l -> l.contains("look-alikes"))
        .anyMatch(l -> l.startsWith("curl"));
    assertThat(suggested)
        .anyMatch(l -> l.startsWith("# The app"))
        .anyMatch(l -> l.startsWith("# The engineer"))
        .anyMatch(l -> l.startsWith("# The manager") && l.contains("/dashboard"));
    for (String line : suggested) {
      if (line.contains(" train ") || line.startsWith("#")) {
        continue;
      }
      Launcher.Result tried = launcher.shell(STEP, line);
      assertThat(tried.exit()).as(tried.output()).isZero();
      assertThat(tried.output()).as(line).isNotBlank().doesNotContain("Usage:", "\"error\"");
      if (line.contains("filter synthetic-heavy")) {
        // the production model's checker answers; a 2-epoch model may give none
        assertThat(tried.output()).as(line).contains("result(s)");
      } else if (line.contains("filter low-count")) {
        // read from the throw-away run's model (the only one that knows the small class); with
        // this test's 2-epoch models it may name none of the inbox images
        assertThat(tried.output()).as(line).contains("result(s)", "throw-away");
      } else if (line.contains("filter")) {
        assertThat(tried.output()).as(line).contains("inbox/demo/"); // some results
      }
      if (line.contains("archive")) {
        assertThat(tried.output()).as(line).contains("Would move", "A dry run");
      }
    }

    // classify: answered by the trained model
    Launcher.Result classified = cli(STEP, "classify", first(holdout.resolve("circle")).toString());
    assertThat(classified.exit()).as(classified.output()).isZero();
    assertThat(versionIn(classified.output())).isEqualTo(first);

    // bulk identify the inbox the demo filled (the watcher did too; idempotent)
    Launcher.Result identified = cli(RUN, "identify", "--collection", "demo");
    assertThat(identified.exit()).as(identified.output()).isZero();
    assertThat(ConsoleTest.functionLines(identified.output())).isEmpty(); // in BulkRunFunction.log
    long inbox = count(data.resolve("demo/unknown")) + count(data.resolve("demo/unlabelled"));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      assertThat(
              new DynamoIdentificationStore(dynamo, endpoints.tables().get("IdentificationsTable"))
                  .byCollection("demo", first, 1000))
          .hasSize((int) inbox);
    }

    // filters
    assertThat(cli(STEP, "filter", "lowest-scores", "--collection", "demo").output())
        .contains("inbox/demo/");
    Launcher.Result lookAlikes =
        cli(STEP, "filter", "look-alikes", "--label", "ring", "--min", "0", "--max", "1");
    assertThat(lookAlikes.exit()).as(lookAlikes.output()).isZero();
    assertThat(lookAlikes.output()).containsPattern("[0-9]+ result\\(s\\)");
    Launcher.Result lowCount = cli(STEP, "filter", "low-count", "--cutoff", "100");
    assertThat(lowCount.exit()).as(lowCount.output()).isZero();
    assertThat(lowCount.output()).containsPattern("[0-9]+ result\\(s\\)");

    // the engineer labels the unknowns: a new class
    Path crescent = Files.createDirectories(data.resolve("labelled/crescent"));
    try (Stream<Path> files = Files.list(data.resolve("demo/unknown"))) {
      for (Path f : files.toList()) {
        Files.copy(f, crescent.resolve(f.getFileName()));
      }
    }
    Launcher.Result put = cli(STEP, "library", "put", data.resolve("labelled").toString());
    assertThat(put.exit()).as(put.output()).isZero();
    assertThat(put.output()).contains("put " + count(crescent) + " files under s3://", "/library/");

    // a throw-away run at a lower cutoff identifies the inbox with its model
    Launcher.Result throwAway =
        cli(RUN, concat("train", "--json", "--throwaway", "--cutoff", "10", "--epochs", "1"));
    assertThat(throwAway.exit()).as(throwAway.output()).isZero();
    assertThat(throwAway.json().path("decision").path("outcome").asText()).isEqualTo("THROW_AWAY");

    // a normal run with the added class
    Launcher.Result normal = cli(RUN, concat("train", "--json", "--cutoff", "20", "--epochs", "2"));
    assertThat(normal.exit()).as(normal.output()).isZero();
    JsonNode run = normal.json();
    String second = run.path("run").path("version").asText();
    assertThat(run.path("dataset").path("labels").toString()).contains("crescent");
    if (!run.path("decision").path("outcome").asText().equals("PROMOTE")) {
      // rejected by the rule: the engineer overrides it by hand to compare in production
      Launcher.Result refused = cli(STEP, "promote", second);
      assertThat(refused.exit()).as(refused.output()).isEqualTo(2); // refused without --force
      assertThat(refused.output()).contains("was rejected by the promotion rule", "--force");
      Launcher.Result forced = cli(STEP, "promote", second, "--force");
      assertThat(forced.exit()).as(forced.output()).isZero();
      assertThat(forced.output()).contains("-> " + second);
    }
    String served = "";
    for (int i = 0; i < 40 && !served.equals(second); i++) {
      served = versionIn(cli(STEP, "classify", first(holdout.resolve("star")).toString()).output());
    }
    assertThat(served).isEqualTo(second);

    // evaluate some transactions, then the reports show both versions
    JsonNode sample = cli(STEP, "evaluate", "sample", "--per-stratum", "2", "--json").json();
    List<String> ids = new ArrayList<>();
    sample.findValues("requestId").forEach(id -> ids.add(id.asText()));
    assertThat(ids).isNotEmpty();
    for (String id : ids.subList(0, Math.min(3, ids.size()))) {
      Launcher.Result evaluated = cli(STEP, "evaluate", id, "correct");
      assertThat(evaluated.exit()).as(evaluated.output()).isZero();
      assertThat(evaluated.output()).contains("Recorded: " + id);
    }
    String usage = cli(STEP, "report", "usage", "--json").output();
    assertThat(usage).contains(first, second);
    Launcher.Result accuracy = cli(STEP, "report", "accuracy");
    assertThat(accuracy.exit()).as(accuracy.output()).isZero();
    assertThat(accuracy.output()).contains("Accuracy (manual evaluations)", "By model:");
    assertThat(ConsoleTest.functionLines(launcher.startedOutput())).isEmpty();
  }

  /** The commands the demo printed under "Try, in another terminal:". */
  private static List<String> suggestions(String printed) {
    String tries =
        printed.substring(
            printed.indexOf("Try, in another terminal:"), printed.indexOf("Press Ctrl-C"));
    return tries.lines().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private Launcher.Result cli(Duration timeout, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", data.toString()));
    return launcher.run(timeout, all.toArray(String[]::new));
  }

  private static String[] concat(String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(TINY));
    return all.toArray(String[]::new);
  }

  private static String versionIn(String output) {
    Matcher m = VERSION.matcher(output);
    return m.find() ? m.group(1) : "";
  }

  private static Path first(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
  }

  private static long count(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
