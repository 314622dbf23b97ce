package dev.menagerie.tests.reliability;

import static dev.menagerie.tests.reliability.InjectedFaults.Kind.THROTTLE;
import static dev.menagerie.tests.reliability.InjectedFaults.Kind.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.bulk.BulkHandler;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.error.StoreUnavailableException;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.Identification;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.local.api.LocalContext;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.local.inbox.InboxWatcher;
import dev.menagerie.pipeline.PipelineHandler;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * DynamoDB throttling and timeouts injected under the real handlers ({@link InjectedFaults}): a
 * passing fault is retried by the SDK and the request succeeds; a lasting one ends in a clean 503
 * STORE_UNAVAILABLE with nothing half-written; a bulk batch whose writes fail part-way reports only
 * the failed messages, and their redelivery completes the batch with one result per object.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoFaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalCloud cloud;
  private LocalApi api;
  private byte[] jpeg;

  DynamoFaultsTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void start() throws Exception {
    api = new LocalApi(cloud);
    jpeg = Corpus.jpeg(Corpus.red(64, 48), false);
  }

  @AfterEach
  void disarm() {
    InjectedFaults.disarmAll();
  }

  @AfterAll
  void stop() {
    InjectedFaults.disarmAll();
    if (api != null) {
      api.close();
    }
  }

  @Test
  void classify_transactionWriteThrottledTwice_shouldBeRetriedAndLoggedOnce() throws Exception {
    // GIVEN the Transactions table throttles the next two writes
    InjectedFaults.Fault fault =
        InjectedFaults.arm("PutItem", InjectedFaults.onTable(api.transactionsTable), THROTTLE, 2);

    // WHEN an image is classified
    HttpResponse<String> response = api.send("POST", "/classify", "image/jpeg", jpeg);

    // THEN the SDK retried past the throttling: a 200, and its transaction stored
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(fault.injected()).isEqualTo(2);
    Transaction logged = api.transactions.get(requestId(response)).orElseThrow();
    assertThat(logged.status()).isEqualTo(200);
  }

  @Test
  void classify_transactionWriteTimingOutOnce_shouldBeRetried() throws Exception {
    InjectedFaults.Fault fault =
        InjectedFaults.arm("PutItem", InjectedFaults.onTable(api.transactionsTable), TIMEOUT, 1);

    HttpResponse<String> response = api.send("POST", "/classify", "image/jpeg", jpeg);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(fault.injected()).isEqualTo(1);
    assertThat(api.transactions.get(requestId(response))).isPresent();
  }

  @Test
  void classify_transactionsTableThrottlingForGood_shouldBeA503AndWriteNothing() throws Exception {
    assertLastingFaultIsA503(THROTTLE);
  }

  @Test
  void classify_transactionsTableTimingOutForGood_shouldBeA503AndWriteNothing() throws Exception {
    assertLastingFaultIsA503(TIMEOUT);
  }

  private void assertLastingFaultIsA503(InjectedFaults.Kind kind) throws Exception {
    // GIVEN every write to the Transactions table fails
    InjectedFaults.Fault fault =
        InjectedFaults.arm(
            "PutItem", InjectedFaults.onTable(api.transactionsTable), kind, Integer.MAX_VALUE);

    // WHEN an image is classified
    long t0 = System.nanoTime();
    HttpResponse<String> response = api.send("POST", "/classify", "image/jpeg", jpeg);
    long ms = (System.nanoTime() - t0) / 1_000_000;

    // THEN after the SDK's retries, a retryable 503 with its code, in time for API Gateway
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("STORE_UNAVAILABLE");
    // every attempt allowed, unless the call's time limit (throttling back-off) ended it sooner
    assertThat(fault.injected()).as("the SDK retried").isBetween(2, AwsClients.DYNAMO_MAX_ATTEMPTS);
    assertThat(ms).as("answered within API Gateway's 30 s").isLessThan(29_000);
    System.out.printf(
        "%s on every Transactions write: 503 after %d attempts in %d ms%n",
        kind, fault.injected(), ms);

    // AND nothing was half-written: no transaction for the request
    InjectedFaults.disarmAll();
    assertThat(api.transactions.get(error.path("requestId").asText())).isEmpty();
  }

  @Test
  void reports_transactionsQueryTimingOutForGood_shouldBeA503() throws Exception {
    InjectedFaults.arm(
        "Query", InjectedFaults.onTable(api.transactionsTable), TIMEOUT, Integer.MAX_VALUE);

    HttpResponse<String> response = api.send("GET", "/reports/usage", null, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
        .isEqualTo("STORE_UNAVAILABLE");
  }

  @Test
  void trainingTask_runsTableThrottlingForGood_shouldRaiseStoreUnavailableException() {
    // GIVEN the training pipeline's function, and a Runs table that throttles every read
    String runsTable = cloud.createTableLike("RunsTable", "runs-" + UUID.randomUUID());
    Map<String, String> environment =
        new LinkedHashMap<>(cloud.functionEnvironment("PipelineFunction"));
    environment.put("RUNS_TABLE", runsTable);
    PipelineHandler pipeline = new PipelineHandler(environment);
    InjectedFaults.arm("GetItem", InjectedFaults.onTable(runsTable), THROTTLE, Integer.MAX_VALUE);
    byte[] failStep =
        "{\"action\": \"fail\", \"run\": {\"run\": {\"runId\": \"r1\"}}, \"error\": {}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    // WHEN a task reads the run, THEN it fails with the exception whose name the ASL retries
    assertThatThrownBy(
            () ->
                pipeline.handleRequest(
                    new java.io.ByteArrayInputStream(failStep),
                    new java.io.ByteArrayOutputStream(),
                    context()))
        .isExactlyInstanceOf(StoreUnavailableException.class)
        .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
  }

  @Test
  void bulkBatch_failingPartWay_shouldRedeliverOnlyWhatFailedAndEndComplete() {
    // GIVEN a batch of ten inbox objects, one per message
    String collection = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    String identifications =
        cloud.createTableLike("IdentificationsTable", "identifications-" + UUID.randomUUID());
    String models = cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID());
    new ModelInstaller(
            new dev.menagerie.common.store.ModelRepository(cloud.s3(), api.bucket),
            new dev.menagerie.common.store.DynamoModelRegistry(
                cloud.dynamo(), models, java.time.Clock.systemUTC()),
            java.time.Clock.systemUTC())
        .install(ModelInstaller.sampleModel(), true);
    Map<String, String> environment =
        new LinkedHashMap<>(cloud.functionEnvironment("BulkFunction"));
    environment.put("IDENTIFICATIONS_TABLE", identifications);
    environment.put("MODELS_TABLE", models);
    BulkHandler bulk = new BulkHandler(environment);
    List<SQSEvent.SQSMessage> batch = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String key = "inbox/" + collection + "/" + (i % 3 == 0 ? "fail-" : "ok-") + i + ".jpg";
      PutObjectResponse put =
          cloud.s3().putObject(b -> b.bucket(api.bucket).key(key), RequestBody.fromBytes(jpeg));
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId("m" + i);
      message.setBody(InboxWatcher.event(api.bucket, key, put.eTag(), jpeg.length));
      batch.add(message);
      keys.add(key);
    }
    // AND every write of a result for the fail-* objects times out, beyond the SDK's retries
    InjectedFaults.Fault fault =
        InjectedFaults.arm(
            "PutItem", InjectedFaults.putOn(identifications, "/fail-"), TIMEOUT, Integer.MAX_VALUE);

    // WHEN the batch is handled
    SQSBatchResponse first = bulk.handleRequest(event(batch), context());

    // THEN exactly the four messages whose writes failed (after the SDK's retries) are reported
    assertThat(first.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactlyInAnyOrder("m0", "m3", "m6", "m9");
    assertThat(fault.injected()).isEqualTo(4 * AwsClients.DYNAMO_MAX_ATTEMPTS);
    DynamoIdentificationStore store =
        new DynamoIdentificationStore(cloud.dynamo(), identifications);
    for (String key : keys) {
      assertThat(store.get(collection, ModelInstaller.SAMPLE_VERSION, key).isPresent())
          .as(key)
          .isEqualTo(key.contains("/ok-"));
    }

    // WHEN the throttling passes and SQS redelivers only the failed messages
    InjectedFaults.disarmAll();
    List<String> failed =
        first.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList();
    SQSBatchResponse second =
        bulk.handleRequest(
            event(batch.stream().filter(m -> failed.contains(m.getMessageId())).toList()),
            context());

    // THEN the batch is complete: one identified result per object, nothing left to retry
    assertThat(second.getBatchItemFailures()).isEmpty();
    List<Identification> results =
        store.byCollection(collection, ModelInstaller.SAMPLE_VERSION, 100);
    assertThat(results)
        .extracting(Identification::objectKey)
        .containsExactlyInAnyOrderElementsOf(keys);
    assertThat(results)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(Identification.Status.IDENTIFIED));
  }

  private static SQSEvent event(List<SQSEvent.SQSMessage> messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }

  private static LocalContext context() {
    return new LocalContext("faults-" + UUID.randomUUID(), "BulkFunction", 3008);
  }

  private static String requestId(HttpResponse<String> response) throws Exception {
    JsonNode body = JSON.readTree(response.body());
    return Optional.ofNullable(body.get("requestId"))
        .orElse(body.path("error").path("requestId"))
        .asText();
  }
}
