package dev.menagerie.tests.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.common.store.DynamoTransactionStore;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.local.cli.Endpoints;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.onnx.samples.NearestColourModel;
import dev.menagerie.tests.TestImages;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.awt.Color;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a newcomer does, through the launcher script: {@code ./menagerie up}, classify over HTTP,
 * install a model, stop with a signal. The repository must have been built (the test run does).
 */
class ClassifyEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void menagerieUp_shouldServeClassifyLogEveryRequestAndKeepStateAcrossRestarts() throws Exception {
    Path repo = LocalCloudExtension.repositoryRoot();
    Process up = launch(repo, "up", "--data", data.toString(), "--port", "0");
    try {
      // GIVEN a running local cloud (endpoints.json appears when it is ready)
      Endpoints endpoints = awaitEndpoints(up);
      URI classify = URI.create(endpoints.apiUrl() + "/classify");

      // WHEN a JPEG and a corrupt file are posted, as with curl --data-binary
      HttpResponse<String> ok =
          post(classify, TestImages.jpeg(640, 480, new Color(230, 30, 20)), "image/jpeg");
      HttpResponse<String> corrupt = post(classify, TestImages.truncatedJpeg(), "image/jpeg");
      HttpResponse<String> wrongRoute =
          post(URI.create(endpoints.apiUrl() + "/nope"), new byte[] {1}, "image/jpeg");

      // THEN predictions with the model version, a 400 with a code, and a 404 for the unknown route
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(ok.body());
      assertThat(body.get("modelVersion").asText()).isEqualTo(ModelInstaller.SAMPLE_VERSION);
      assertThat(body.get("predictions").get(0).get("label").asText()).isEqualTo("red");
      assertThat(corrupt.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(corrupt.body()).get("error").get("code").asText())
          .isEqualTo("CORRUPT_IMAGE");
      assertThat(wrongRoute.statusCode()).isEqualTo(404);

      // AND the Transactions table holds one item per request that reached the function
      List<String> ids =
          List.of(
              body.get("requestId").asText(),
              JSON.readTree(corrupt.body()).get("error").get("requestId").asText());
      try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
        DynamoTransactionStore store =
            new DynamoTransactionStore(dynamo, endpoints.tables().get("TransactionsTable"));
        List<Transaction> today = store.listDay(LocalDate.now(ZoneOffset.UTC));
        assertThat(today)
            .extracting(Transaction::requestId)
            .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(store.get(ids.get(1)).orElseThrow().errorCode()).contains("CORRUPT_IMAGE");
      }

      // WHEN another model is installed as production with the CLI
      Path modelDir = data.resolve("inverted-model");
      writeInvertedModel(modelDir);
      Process install =
          launch(
              repo,
              "model",
              "install",
              modelDir.toString(),
              "--production",
              "--data",
              data.toString());
      assertThat(install.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(install.exitValue()).as(output(install)).isZero();

      // THEN the classify function serves it within its refresh interval
      String served = "";
      for (int i = 0; i < 50 && !served.equals("inverted-v1"); i++) {
        Thread.sleep(200);
        HttpResponse<String> again =
            post(classify, TestImages.jpeg(64, 64, Color.RED), "image/jpeg");
        served = JSON.readTree(again.body()).get("modelVersion").asText();
      }
      assertThat(served).isEqualTo("inverted-v1");

      // WHEN an fp32 model is installed as int8, calibrated and measured on labelled folders
      Path colourDir = data.resolve("colour-model");
      writeColourConvModel(colourDir);
      Path calibration = writeColourFolder(data.resolve("calibration"), 1);
      Path holdout = writeColourFolder(data.resolve("holdout"), 2);
      Process int8 =
          launch(
              repo,
              "model",
              "install",
              colourDir.toString(),
              "--production",
              "--precision",
              "int8",
              "--calibration",
              calibration.toString(),
              "--holdout",
              holdout.toString(),
              "--data",
              data.toString());
      assertThat(int8.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(int8.exitValue()).as(output(int8)).isZero();
      assertThat(output(int8)).contains("(int8)", "int8 accuracy on holdout: 1.0 (fp32 1.0)");

      // THEN classify serves the int8 graph with the same answers
      JsonNode int8Body = null;
      for (int i = 0; i < 50; i++) {
        Thread.sleep(200);
        int8Body =
            JSON.readTree(post(classify, TestImages.jpeg(64, 64, Color.RED), "image/jpeg").body());
        if (int8Body.get("modelVersion").asText().equals("colour-conv-v1")) {
          break;
        }
      }
      assertThat(int8Body.get("modelVersion").asText()).isEqualTo("colour-conv-v1");
      assertThat(int8Body.get("predictions").get(0).get("label").asText()).isEqualTo("red");

      // AND `models` shows its precision
      Process models = launch(repo, "models", "--data", data.toString());
      assertThat(models.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(output(models)).containsPattern("colour-conv-v1 +PRODUCTION .* int8 ");
    } finally {
      // Ctrl-C: everything it started stops
      up.destroy();
      assertThat(up.waitFor(30, TimeUnit.SECONDS)).as("up stops on SIGTERM").isTrue();
    }
    assertThat(Files.exists(data.resolve(Endpoints.FILE))).isFalse();

    // WHEN it is started again on the same data directory
    Process again = launch(repo, "up", "--data", data.toString(), "--port", "0");
    try {
      Endpoints endpoints = awaitEndpoints(again);
      HttpResponse<String> ok =
          post(
              URI.create(endpoints.apiUrl() + "/classify"),
              TestImages.jpeg(64, 64, Color.BLUE),
              "image/jpeg");

      // THEN the promoted model and the logged transactions are still there
      assertThat(JSON.readTree(ok.body()).get("modelVersion").asText()).isEqualTo("colour-conv-v1");
      try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
        DynamoTransactionStore store =
            new DynamoTransactionStore(dynamo, endpoints.tables().get("TransactionsTable"));
        assertThat(store.listDay(LocalDate.now(ZoneOffset.UTC)).size()).isGreaterThanOrEqualTo(4);
      }
    } finally {
      again.destroy();
      assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void menagerieHelp_shouldListTheCommands_andAnUnknownCommandExitsWith2() throws Exception {
    Path repo = LocalCloudExtension.repositoryRoot();
    Process help = launch(repo, "--help");
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = output(help);
    assertThat(help.exitValue()).isZero();
    assertThat(text).contains("\n  up [", "--data=DIR", "\n  model install [", "MODEL_DIR");

    Process wrong = launch(repo, "frobnicate");
    assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong.exitValue()).isEqualTo(2);
    assertThat(output(wrong)).contains("unknown command 'frobnicate'; the commands are demo, up");
  }

  /** The sample model's weights under another version and labels: proves a swap happened. */
  private static void writeInvertedModel(Path dir) throws IOException {
    List<String> labels = new ArrayList<>(NearestColourModel.LABELS);
    new ModelBundle(
            NearestColourModel.onnx(64),
            labels,
            new ModelCard(
                "inverted-v1",
                "nearest-colour",
                new ModelCard.InputSize(64, 64),
                ModelInstaller.SAMPLE_VERSION,
                "2026-11-29T00:00:00Z",
                Map.of(),
                Map.of()))
        .write(dir);
  }

  /** The nearest-colour classifier with a 1x1 convolution: fp32, something to quantize. */
  private static void writeColourConvModel(Path dir) throws IOException {
    new ModelBundle(
            NearestColourModel.onnxWithConvolution(64),
            NearestColourModel.LABELS,
            new ModelCard(
                "colour-conv-v1",
                "nearest-colour-conv",
                new ModelCard.InputSize(64, 64),
                null,
                "2026-12-04T00:00:00Z",
                Map.of(),
                Map.of()))
        .write(dir);
  }

  /** A labelled folder: {@code perLabel} JPEGs of each palette colour under its label. */
  private static Path writeColourFolder(Path dir, int perLabel) throws IOException {
    Map<String, Color> colours =
        Map.of(
            "red", Color.RED,
            "green", Color.GREEN,
            "blue", Color.BLUE,
            "yellow", Color.YELLOW,
            "white", Color.WHITE,
            "black", Color.BLACK);
    for (Map.Entry<String, Color> e : colours.entrySet()) {
      Files.createDirectories(dir.resolve(e.getKey()));
      for (int i = 0; i < perLabel; i++) {
        Files.write(
            dir.resolve(e.getKey()).resolve(i + ".jpg"), TestImages.jpeg(48 + i, 40, e.getValue()));
      }
    }
    return dir;
  }

  private static Process launch(Path repo, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(repo.resolve("menagerie").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MENAGERIE_NO_BUILD", "1");
    builder.environment().put("MENAGERIE_EXIT_WITH_PARENT", "1");
    Path log = Files.createTempFile("menagerie-", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    LOGS.put(process, log);
    return process;
  }

  private static final Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The launched commands' output files, kept until every test has read them, then removed. */
  @AfterAll
  static void deleteLogs() throws IOException {
    for (Path log : LOGS.values()) {
      Files.deleteIfExists(log);
    }
    LOGS.clear();
  }

  private static String output(Process process) throws IOException {
    return Files.readString(LOGS.get(process));
  }

  private Endpoints awaitEndpoints(Process up) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!up.isAlive()) {
        throw new AssertionError(
            "./menagerie up exited with " + up.exitValue() + ":\n" + output(up));
      }
      if (Files.exists(data.resolve(Endpoints.FILE))) {
        Endpoints endpoints = Endpoints.read(data);
        URI api = URI.create(endpoints.apiUrl());
        try (Socket ignored = new Socket(api.getHost(), api.getPort())) {
          return endpoints;
        } catch (IOException notYet) {
          // written just before listening? try again
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("./menagerie up did not write endpoints.json in time:\n" + output(up));
  }

  private static HttpResponse<String> post(URI uri, byte[] body, String contentType)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", contentType)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
