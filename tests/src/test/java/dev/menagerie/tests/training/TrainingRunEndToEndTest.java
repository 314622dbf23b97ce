package dev.menagerie.tests.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.Identification;
import dev.menagerie.local.cli.Endpoints;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The training state machine as an engineer drives it: {@code ./menagerie up}, {@code library put},
 * {@code benchmark put}, then {@code ./menagerie train} runs statemachines/training.asl.json on
 * aws-local-stepfunctions with the real pipeline handlers and the training job on CPU through
 * SageMaker's container contract. The runs are tiny (narrow model, 75 px, a couple of epochs): this
 * checks the pipeline's paths, not the model's quality (training/ has those tests). Each test can
 * run alone: the ones that need a production model get it from the first run, which runs once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingRunEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RUN = Duration.ofMinutes(6);
  private static final String[] SMALL = {
    "--cutoff",
    "20",
    "--epochs",
    "2",
    "--patience",
    "2",
    "--hp",
    "input_size=75",
    "--hp",
    "width=0.25",
    "--hp",
    "batch_size=16"
  };

  private Path work;
  private Path data;
  private Path synth;
  private Launcher launcher;
  private Process up;
  private Endpoints endpoints;
  private Launcher.Result firstRun;
  private String first;

  @BeforeAll
  void start() throws Exception {
    work = Files.createTempDirectory("menagerie-training-e2e-");
    data = Files.createDirectories(work.resolve("data"));
    synth = work.resolve("synth");
    launcher = new Launcher(LocalCloudExtension.repositoryRoot(), data);
    Launcher.Result made =
        launcher.run(
            Duration.ofMinutes(2),
            "synth",
            synth.toString(),
            "--classes",
            "circle,square,stripes,star",
            "--per-class",
            "24",
            "--holdout",
            "6",
            "--unknown",
            "6",
            "--size",
            "48");
    assertThat(made.exit()).as(made.output()).isZero();
    // the fourth class arrives later (the second run)
    Files.createDirectories(synth.resolve("extra"));
    Files.move(synth.resolve("library/star"), synth.resolve("extra/star"));

    up = launcher.start("up", "--data", data.toString(), "--port", "0", "--no-sample-model");
    endpoints = launcher.awaitEndpoints(up);
    assertThat(
            cli(Duration.ofMinutes(1), "library", "put", synth.resolve("library").toString())
                .exit())
        .isZero();
    assertThat(
            cli(
                    Duration.ofMinutes(1),
                    "benchmark",
                    "put",
                    "holdout",
                    synth.resolve("holdout").toString())
                .exit())
        .isZero();
  }

  @AfterAll
  void stop() throws Exception {
    Launcher.stopAndDelete(up, work);
  }

  /**
   * The first run, on a system with no production model (a first-model rule that accepts any
   * accuracy): run once, by whichever test needs a production model first, so each test can run
   * alone, with {@code precision=int8}. Human output: the job's progress, then the outcome.
   */
  private Launcher.Result firstRun() throws Exception {
    if (firstRun == null) {
      assertThat(cli(Duration.ofMinutes(1), "models", "--json").json().path("production").asText())
          .as("no production model before the first run")
          .isEmpty();
      Path input = work.resolve("first.json");
      Files.writeString(input, "{\"name\": \"first\", \"decision\": {\"minimumAccuracy\": 0.0}}");
      // served as int8: the evaluation and the decision judge the graph classify will run
      firstRun =
          cli(
              RUN,
              concat(
                  new String[] {"train", "--input", input.toString(), "--hp", "precision=int8"},
                  SMALL));
      assertThat(firstRun.exit()).as(firstRun.output()).isZero();
      first = cli(Duration.ofMinutes(1), "models", "--json").json().path("production").asText();
    }
    return firstRun;
  }

  /** The production version now (after the first run, which this makes sure of). */
  private String production() throws Exception {
    firstRun();
    return cli(Duration.ofMinutes(1), "models", "--json").json().path("production").asText();
  }

  @Test
  @Order(1)
  void firstRun_shouldBePromotedAndServedByClassify() throws Exception {
    // GIVEN no production model WHEN the first run is started
    Launcher.Result run = firstRun();

    // THEN it trained through the container contract and was promoted
    assertThat(run.output()).contains("channel train:", "epoch 1/2", "epoch 2/2");
    assertThat(run.output()).contains("outcome:  PROMOTE");
    assertThat(run.output()).contains("no production model: the first model is judged by its own");
    JsonNode models = cli(Duration.ofMinutes(1), "models", "--json").json();
    assertThat(first).startsWith("v");
    assertThat(status(models, first)).isEqualTo("PRODUCTION");
    assertThat(model(models, first).path("precision").asText()).isEqualTo("int8");
    String card = new String(s3("models/" + first + "/model-card.json"), StandardCharsets.UTF_8);
    assertThat(JSON.readTree(card).path("precision").asText()).isEqualTo("int8");

    // AND the classify endpoint answers with the new version (no redeploy; the refresh interval)
    byte[] image = Files.readAllBytes(anyImage(synth.resolve("holdout/circle")));
    String served = "";
    for (int i = 0; i < 60 && !served.equals(first); i++) {
      HttpResponse<String> response = classify(image);
      served = JSON.readTree(response.body()).path("modelVersion").asText();
      if (!served.equals(first)) {
        Thread.sleep(250);
      }
    }
    assertThat(served).isEqualTo(first);
  }

  @Test
  @Order(2)
  void runWithAnAddedClass_shouldWarmStartFromProductionAndFollowTheRule() throws Exception {
    // GIVEN a production model and a fourth class in the library
    String production = production();
    assertThat(
            cli(Duration.ofMinutes(1), "library", "put", synth.resolve("extra").toString()).exit())
        .isZero();

    // WHEN a normal run starts (base: production)
    Launcher.Result run = cli(RUN, concat(new String[] {"train", "--json"}, SMALL));

    // THEN it warm-started from production with the new class count
    assertThat(run.exit()).as(run.output()).isZero();
    JsonNode out = run.json();
    String version = out.path("run").path("version").asText();
    assertThat(out.path("dataset").path("labels"))
        .extracting(JsonNode::asText)
        .containsExactly("circle", "square", "star", "stripes");
    assertThat(out.path("dataset").path("baseVersion").asText()).isEqualTo(production);
    JsonNode card = JSON.readTree(s3("models/" + version + "/model-card.json"));
    assertThat(card.path("parent").asText()).isEqualTo(production);
    JsonNode labels = JSON.readTree(s3("models/" + version + "/labels.json"));
    assertThat(labels).hasSize(4);

    // AND the decision follows the rule, with its reasons stored with the model
    String outcome = out.path("decision").path("outcome").asText();
    assertThat(outcome).isIn("PROMOTE", "REJECT");
    assertThat(out.path("decision").path("reasons").toString()).contains("McNemar", "margin");
    JsonNode models = cli(Duration.ofMinutes(1), "models", "--json").json();
    JsonNode model = model(models, version);
    assertThat(model.path("parent").asText()).isEqualTo(production);
    assertThat(model.path("metrics").path("decision").path("outcome").asText()).isEqualTo(outcome);
    if (outcome.equals("PROMOTE")) {
      assertThat(models.path("production").asText()).isEqualTo(version);
      assertThat(status(models, production)).isEqualTo("RETIRED");
    } else {
      assertThat(models.path("production").asText()).isEqualTo(production);
      assertThat(status(models, version)).isEqualTo("REJECTED");
    }
  }

  @Test
  @Order(3)
  void throwAwayRun_shouldNotBePromotedAndShouldIdentifyTheInbox() throws Exception {
    // GIVEN a production model and unlabelled images in an inbox collection
    String production = production();
    List<String> files = new ArrayList<>();
    try (Stream<Path> unknown = Files.list(synth.resolve("unknown"))) {
      unknown.sorted().forEach(p -> files.add(p.toString()));
    }
    List<String> put = new ArrayList<>(List.of("inbox", "put"));
    put.addAll(files);
    put.addAll(List.of("--collection", "unlabelled"));
    assertThat(cli(Duration.ofMinutes(1), put.toArray(String[]::new)).exit()).isZero();

    // WHEN a throw-away run at a lower cutoff runs
    Launcher.Result run =
        cli(
            RUN,
            "train",
            "--json",
            "--throwaway",
            "--cutoff",
            "10",
            "--epochs",
            "1",
            "--hp",
            "input_size=75",
            "--hp",
            "width=0.25",
            "--hp",
            "batch_size=16");

    // THEN it is marked throw-away, production is unchanged ...
    assertThat(run.exit()).as(run.output()).isZero();
    JsonNode out = run.json();
    String version = out.path("run").path("version").asText();
    assertThat(out.path("decision").path("outcome").asText()).isEqualTo("THROW_AWAY");
    JsonNode models = cli(Duration.ofMinutes(1), "models", "--json").json();
    assertThat(models.path("production").asText()).isEqualTo(production);
    assertThat(status(models, version)).isEqualTo("THROW_AWAY");

    // ... and its model has identified every image of the unlabelled collection
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      List<Identification> results =
          new DynamoIdentificationStore(dynamo, endpoints.tables().get("IdentificationsTable"))
              .byCollection("unlabelled", version, 1000);
      assertThat(results).hasSize(files.size());
      assertThat(results)
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(Identification.Status.IDENTIFIED));
    }
  }

  @Test
  @Order(4)
  void failingTrainingJob_shouldLeaveProductionAndMarkTheRunFailed() throws Exception {
    String production = production();
    // WHEN the training job fails (a learning rate it refuses)
    Launcher.Result run =
        cli(RUN, concat(new String[] {"train", "--json", "--hp", "learning_rate=5"}, SMALL));

    // THEN the command fails visibly, production is unchanged, and the run holds the reason
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("TrainingRunFailed");
    JsonNode models = cli(Duration.ofMinutes(1), "models", "--json").json();
    assertThat(models.path("production").asText()).isEqualTo(production);
    JsonNode latest = cli(Duration.ofMinutes(1), "runs", "--json", "--limit", "1").json().get(0);
    assertThat(latest.path("status").asText()).isEqualTo("FAILED");
    assertThat(latest.path("error").asText()).contains("States.TaskFailed");
    JsonNode describe =
        JSON.readTree(latest.path("error").asText().substring("States.TaskFailed: ".length()));
    assertThat(describe.path("TrainingJobStatus").asText()).isEqualTo("Failed");
    assertThat(describe.path("FailureReason").asText()).contains("learning_rate");
  }

  @Test
  @Order(5)
  void worseCandidate_shouldBeRejectedWithItsReasons() throws Exception {
    String production = production();
    // WHEN a run from scratch that can barely learn (one epoch, a tiny learning rate) is judged
    Launcher.Result run =
        cli(
            RUN,
            "train",
            "--json",
            "--base",
            "none",
            "--cutoff",
            "20",
            "--epochs",
            "1",
            "--hp",
            "learning_rate=0.0000001",
            "--hp",
            "input_size=75",
            "--hp",
            "width=0.25",
            "--hp",
            "batch_size=16");

    // THEN it is rejected, with the comparison in its reasons, and production stays
    assertThat(run.exit()).as(run.output()).isZero();
    JsonNode out = run.json();
    String version = out.path("run").path("version").asText();
    assertThat(out.path("decision").path("outcome").asText()).isEqualTo("REJECT");
    assertThat(out.path("decision").path("reasons").toString())
        .contains("vs production", "McNemar");
    JsonNode models = cli(Duration.ofMinutes(1), "models", "--json").json();
    assertThat(models.path("production").asText()).isEqualTo(production);
    assertThat(status(models, version)).isEqualTo("REJECTED");
    assertThat(model(models, version).path("metrics").path("decision").path("reasons"))
        .isNotEmpty();
  }

  private Launcher.Result cli(Duration timeout, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", data.toString()));
    return launcher.run(timeout, all.toArray(String[]::new));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static JsonNode model(JsonNode models, String version) {
    for (JsonNode m : models.path("models")) {
      if (m.path("version").asText().equals(version)) {
        return m;
      }
    }
    throw new AssertionError("no model " + version + " in " + models);
  }

  private static String status(JsonNode models, String version) {
    return model(models, version).path("status").asText();
  }

  private byte[] s3(String key) {
    try (S3Client s3 = AwsClients.s3(endpoints.aws())) {
      ResponseBytes<GetObjectResponse> bytes =
          s3.getObjectAsBytes(b -> b.bucket(endpoints.bucket()).key(key));
      return bytes.asByteArray();
    }
  }

  private HttpResponse<String> classify(byte[] image) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(endpoints.apiUrl() + "/classify"))
                .header("Content-Type", "image/jpeg")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(image))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static Path anyImage(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
  }
}
