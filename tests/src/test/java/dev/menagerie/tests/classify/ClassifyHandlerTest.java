package dev.menagerie.tests.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.classify.ClassifyHandler;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoTransactionStore;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.tests.TestImages;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The real classify handler against the local cloud (dynalite, S3Mock), driven by the sample events
 * in {@code events/}: every outcome, and a transaction for every request.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassifyHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalCloud cloud;
  private ClassifyHandler handler;
  private DynamoTransactionStore transactions;
  private String transactionsTable;
  private String bucket;

  ClassifyHandlerTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void startHandlerWithTheSampleModelInProduction() {
    // GIVEN tables of this test's own and the sample model installed as production
    String modelsTable = cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID());
    transactionsTable = cloud.createTableLike("TransactionsTable", "tx-" + UUID.randomUUID());
    bucket = cloud.resources().bucketNames().get(0);
    new ModelInstaller(
            new ModelRepository(cloud.s3(), bucket),
            new DynamoModelRegistry(cloud.dynamo(), modelsTable, Clock.systemUTC()),
            Clock.systemUTC())
        .install(ModelInstaller.sampleModel(), true);
    handler = new ClassifyHandler(environment(modelsTable));
    transactions = new DynamoTransactionStore(cloud.dynamo(), transactionsTable);
  }

  private Map<String, String> environment(String modelsTable) {
    Map<String, String> environment =
        new LinkedHashMap<>(cloud.functionEnvironment("ClassifyFunction"));
    environment.put("MODELS_TABLE", modelsTable);
    environment.put("TRANSACTIONS_TABLE", transactionsTable);
    return environment;
  }

  @Test
  void priming_shouldRunTheWholePathButStoreNoTransaction() {
    // the constructor primed once; a SnapStart checkpoint primes again
    handler.beforeCheckpoint(null);

    assertThat(transactions.listDay(java.time.LocalDate.now(java.time.ZoneOffset.UTC)))
        .extracting(Transaction::requestId)
        .doesNotContain("priming");
    assertThat(transactions.get("priming")).isEmpty();
  }

  @Test
  void rawJpegEvent_shouldReturnPredictionsAndLogTheTransaction() throws Exception {
    // GIVEN the raw JPEG sample event (a red image)
    APIGatewayV2HTTPEvent event = Events.fresh(Events.load("classify-jpeg.json"));
    byte[] image = Base64.getDecoder().decode(event.getBody());

    // WHEN it is handled (capturing stdout, where Lambda collects logs and EMF metrics)
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    APIGatewayV2HTTPResponse response = handleCapturingStdout(event, captured);

    // THEN 200 with the default five predictions from the sample model, top one red
    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("requestId").asText()).isEqualTo(event.getRequestContext().getRequestId());
    assertThat(body.get("modelVersion").asText()).isEqualTo(ModelInstaller.SAMPLE_VERSION);
    assertThat(body.get("predictions")).hasSize(5);
    assertThat(body.get("predictions").get(0).get("label").asText()).isEqualTo("red");
    assertThat(body.get("predictions").get(0).get("confidence").asDouble()).isBetween(0.3, 1.0);
    assertThat(body.get("timings").get("totalMs").asDouble()).isPositive();
    // the document's shape, in order (docs/classify-api.md); fetchMs only for an s3Key request
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly("requestId", "modelVersion", "predictions", "timings");
    assertThat(body.get("timings").fieldNames())
        .toIterable()
        .containsExactly("decodeMs", "inferenceMs", "totalMs");
    assertThat(body.get("predictions").get(0).fieldNames())
        .toIterable()
        .containsExactly("label", "confidence");

    // AND the transaction holds who, what, and the image hash
    Transaction logged = transactions.get(event.getRequestContext().getRequestId()).orElseThrow();
    assertThat(logged.status()).isEqualTo(200);
    assertThat(logged.caller())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/menagerie-app/menagerie-app");
    assertThat(logged.modelVersion()).contains(ModelInstaller.SAMPLE_VERSION);
    assertThat(logged.top().orElseThrow().label()).isEqualTo("red");
    assertThat(logged.predictions()).hasSize(5);
    assertThat(logged.imageSha256()).contains(sha256(image));
    assertThat(logged.imageBytes()).isEqualTo(image.length);
    assertThat(logged.errorCode()).isEmpty();

    // AND one EMF metric record for the request, in the Menagerie namespace
    String emf =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(line -> line.contains("\"_aws\"") && line.contains("ClassifyRequests"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no EMF line in:\n" + captured));
    JsonNode metric = JSON.readTree(emf);
    assertThat(metric.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText())
        .isEqualTo("Menagerie");
    assertThat(metric.get("ClassifyRequests").asDouble()).isEqualTo(1.0);
    assertThat(metric.get("Outcome").asText()).isEqualTo("OK");
  }

  @Test
  void jsonBase64Event_shouldHonourTopK() throws Exception {
    APIGatewayV2HTTPEvent event = Events.fresh(Events.load("classify-json-base64.json"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.getBody()).get("predictions")).hasSize(3);
    assertThat(transactions.get(event.getRequestContext().getRequestId()).orElseThrow().source())
        .isEqualTo("json");
  }

  @Test
  void s3KeyEvent_shouldClassifyTheInboxObject() throws Exception {
    // GIVEN the object the sample event names, a blue image
    cloud
        .s3()
        .putObject(
            b -> b.bucket(bucket).key("inbox/samples/red.jpg"),
            RequestBody.fromBytes(TestImages.jpeg(200, 150, new Color(20, 30, 230))));
    APIGatewayV2HTTPEvent event = Events.fresh(Events.load("classify-s3key.json"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("predictions").get(0).get("label").asText()).isEqualTo("blue");
    assertThat(body.get("timings").has("fetchMs")).isTrue();
  }

  @Test
  void badInputEvent_shouldBe400NotAnImage_andStillLogged() throws Exception {
    APIGatewayV2HTTPEvent event = Events.fresh(Events.load("classify-bad-input.json"));

    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    APIGatewayV2HTTPResponse response = handleCapturingStdout(event, captured);

    assertError(response, 400, "NOT_AN_IMAGE");
    // the refusal's log line carries the request id as its correlation_id
    String refusal =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(line -> line.contains("refused: NOT_AN_IMAGE"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no refusal line in:\n" + captured));
    assertThat(JSON.readTree(refusal).path("correlation_id").asText())
        .isEqualTo(event.getRequestContext().getRequestId());
    Transaction logged = transactions.get(event.getRequestContext().getRequestId()).orElseThrow();
    assertThat(logged.status()).isEqualTo(400);
    assertThat(logged.errorCode()).contains("NOT_AN_IMAGE");
    assertThat(logged.predictions()).isEmpty();
    assertThat(logged.imageSha256()).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "truncated JPEG, 400, CORRUPT_IMAGE",
    "empty body, 400, EMPTY_BODY",
    "text content type, 415, UNSUPPORTED_MEDIA_TYPE",
    "pixel bomb PNG, 413, TOO_MANY_PIXELS",
    "bad JSON, 400, INVALID_JSON",
    "bad base64 in JSON, 400, INVALID_BASE64",
    "both image and s3Key, 400, INVALID_JSON",
    "s3Key outside the inbox, 400, INVALID_S3_KEY",
    "s3Key with dot-dot, 400, INVALID_S3_KEY",
    "missing s3 object, 404, NOT_FOUND",
    "topK zero, 400, INVALID_PARAMETER",
    "topK too large, 400, INVALID_PARAMETER",
    "topK not a number, 400, INVALID_PARAMETER",
    "JSON too deep, 400, INVALID_JSON",
  })
  void badRequest_shouldGetItsOwnCodeAndBeLogged(String scenario, int status, String code)
      throws Exception {
    APIGatewayV2HTTPEvent event = Events.fresh(badEvent(scenario));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertError(response, status, code);
    Transaction logged = transactions.get(event.getRequestContext().getRequestId()).orElseThrow();
    assertThat(logged.status()).isEqualTo(status);
    assertThat(logged.errorCode()).contains(code);
  }

  @Test
  void noProductionModel_shouldBe503_andStillLogged() throws Exception {
    // GIVEN a handler whose registry has no production alias
    String emptyModels = cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID());
    ClassifyHandler noModel = new ClassifyHandler(environment(emptyModels));
    APIGatewayV2HTTPEvent event = Events.fresh(Events.load("classify-jpeg.json"));

    APIGatewayV2HTTPResponse response = noModel.handleRequest(event, null);

    assertError(response, 503, "NO_PRODUCTION_MODEL");
    Transaction logged = transactions.get(event.getRequestContext().getRequestId()).orElseThrow();
    assertThat(logged.errorCode()).contains("NO_PRODUCTION_MODEL");
    assertThat(logged.modelVersion()).isEmpty();
  }

  private static APIGatewayV2HTTPEvent badEvent(String scenario) {
    String jpeg = Base64.getEncoder().encodeToString(TestImages.jpeg(32, 32, Color.GREEN));
    return switch (scenario) {
      case "truncated JPEG" -> Events.raw(TestImages.truncatedJpeg(), "image/jpeg");
      case "empty body" -> Events.raw(new byte[0], "image/jpeg");
      case "text content type" ->
          Events.raw("hello".getBytes(StandardCharsets.UTF_8), "text/plain");
      case "pixel bomb PNG" -> Events.raw(pngHeader(100_000, 100_000), "image/png");
      case "bad JSON" -> Events.json("{\"image\": ");
      case "bad base64 in JSON" -> Events.json("{\"image\": \"not*base64!\"}");
      case "both image and s3Key" ->
          Events.json("{\"image\": \"" + jpeg + "\", \"s3Key\": \"inbox/a.jpg\"}");
      case "s3Key outside the inbox" ->
          Events.json("{\"s3Key\": \"models/sample-colours-v1/model.onnx\"}");
      case "s3Key with dot-dot" -> Events.json("{\"s3Key\": \"inbox/../models/x\"}");
      case "missing s3 object" -> Events.json("{\"s3Key\": \"inbox/none/missing.jpg\"}");
      case "topK zero" -> Events.withQuery(Events.load("classify-jpeg.json"), "topK", "0");
      case "topK too large" ->
          Events.withQuery(Events.load("classify-jpeg.json"), "topK", "1000000");
      case "topK not a number" ->
          Events.withQuery(Events.load("classify-jpeg.json"), "topK", "five");
      case "JSON too deep" -> Events.json("[".repeat(5000) + "]".repeat(5000));
      default -> throw new IllegalArgumentException(scenario);
    };
  }

  /** A valid PNG signature and IHDR declaring a huge image, and nothing else. */
  static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(width)
        .putInt(height)
        .put((byte) 8)
        .put((byte) 2)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    return ByteBuffer.allocate(8 + 4 + 17 + 4)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
        .putInt(13)
        .put(ihdr.array())
        .putInt((int) crc.getValue())
        .array();
  }

  /**
   * Handles the event with stdout, where Lambda collects logs and EMF metrics, into {@code out}.
   */
  private APIGatewayV2HTTPResponse handleCapturingStdout(
      APIGatewayV2HTTPEvent event, java.io.ByteArrayOutputStream out) {
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return handler.handleRequest(event, null);
    } finally {
      System.setOut(stdout);
    }
  }

  private static void assertError(APIGatewayV2HTTPResponse response, int status, String code)
      throws Exception {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
    JsonNode error = JSON.readTree(response.getBody()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
