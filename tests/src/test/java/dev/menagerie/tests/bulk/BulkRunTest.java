package dev.menagerie.tests.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.bulk.run.BulkRunHandler;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.Identification;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.local.api.LocalContext;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.local.sfn.LocalStateMachine;
import dev.menagerie.tests.TestImages;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import dev.menagerie.tests.reliability.InjectedFaults;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * statemachines/bulk-identify.asl.json run by aws-local-stepfunctions on the local cloud: the
 * Distributed Map's ItemReader and ItemBatcher supplied by the local cloud, the tasks by the real
 * BulkRunHandler. Two runs with two model versions leave both versions' results.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkRunTest {
  private static final int IMAGES = 57;
  private static final int CORRUPT = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalCloud cloud;
  private BulkFixture fixture;
  private LocalStateMachine machine;
  private DynamoRunStore runs;
  private String runsTable;
  private final String collection = "run-" + UUID.randomUUID().toString().substring(0, 8);
  private final String again = collection + "-again";

  BulkRunTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void start() throws Exception {
    fixture = new BulkFixture(cloud);
    runsTable = cloud.createTableLike("RunsTable", "runs-" + UUID.randomUUID());
    runs = new DynamoRunStore(cloud.dynamo(), runsTable);
    Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
    for (int i = 0; i < IMAGES; i++) {
      put("inbox/" + collection + "/img-" + i + ".jpg", TestImages.jpeg(32, 32, colours[i % 3]));
    }
    for (int i = 0; i < CORRUPT; i++) {
      put("inbox/" + collection + "/bad-" + i + ".jpg", TestImages.truncatedJpeg());
    }
    for (int i = 0; i < 5; i++) {
      put("inbox/" + again + "/img-" + i + ".jpg", TestImages.jpeg(32, 32, colours[i % 3]));
    }
    Map<String, String> environment = new LinkedHashMap<>(fixture.overrides());
    environment.put("RUNS_TABLE", runsTable);
    machine =
        LocalStateMachine.of(
            cloud, LocalCloudExtension.repositoryRoot(), "BulkIdentifyStateMachine", environment);
  }

  @Test
  void runsWithTwoModelVersions_shouldLeaveBothVersionsResultsTaggedWithTheirRun()
      throws Exception {
    // WHEN the prefix is identified with the second version, then with production
    JsonNode second = succeed(collection, BulkFixture.SECOND_VERSION);
    JsonNode first = succeed(collection, ModelInstaller.SAMPLE_VERSION);

    // THEN every object has a result under each version, tagged with that version's run
    for (JsonNode run : List.of(second, first)) {
      String version = run.path("modelVersion").asText();
      String runId = run.path("runId").asText();
      List<Identification> results = fixture.store.byCollection(collection, version, 1000);
      assertThat(results).hasSize(IMAGES + CORRUPT);
      assertThat(results).allSatisfy(r -> assertThat(r.runId()).hasValue(runId));
      assertThat(results.stream().filter(r -> r.status() == Identification.Status.ERROR))
          .hasSize(CORRUPT);

      // AND the run is recorded with its figures
      RunRecord record = runs.get(RunKind.BULK, runId).orElseThrow();
      assertThat(record.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(record.modelVersion()).hasValue(version);
      assertThat(record.bulk().images()).isEqualTo(IMAGES + CORRUPT);
      assertThat(record.bulk().batches()).isEqualTo(2);
      assertThat(record.bulk().imagesPerSecond()).isPositive();
      System.out.printf("bulk-identify run %s (%s): %s%n", runId, version, record.figures());
    }
  }

  @Test
  void aRunAgainWithTheSameVersion_shouldAddNothing() throws Exception {
    JsonNode once = succeed(again, ModelInstaller.SAMPLE_VERSION);
    List<Identification> before =
        fixture.store.byCollection(again, ModelInstaller.SAMPLE_VERSION, 1000);
    assertThat(before).hasSize(5);
    JsonNode twice = succeed(again, ModelInstaller.SAMPLE_VERSION);
    assertThat(fixture.store.byCollection(again, ModelInstaller.SAMPLE_VERSION, 1000))
        .isEqualTo(before);
    assertThat(twice.path("figures").path("outcomes").path("ALREADY_IDENTIFIED").asInt())
        .isEqualTo(5);
    assertThat(once.path("runId").asText()).isNotEqualTo(twice.path("runId").asText());
  }

  @Test
  void prefixOutsideTheInbox_shouldFailTheExecution() throws Exception {
    LocalStateMachine.Execution execution =
        machine.run(Map.of("prefix", "library/", "modelVersion", ModelInstaller.SAMPLE_VERSION));
    // THEN it fails with the name AWS's Java runtime reports: the exception's class name
    assertThat(execution.succeeded()).isFalse();
    assertThat(execution.error()).isEqualTo(MenagerieException.class.getName());
    assertThat(execution.cause()).isEqualTo("prefix must be under inbox/, was 'library/'");
  }

  @Test
  void runsTableThrottlingPastTheSdksRetries_shouldBeRetriedByTheStateMachine() throws Exception {
    // GIVEN the Runs table throttles more writes than the SDK's retries of one call can outlast
    String small = collection + "-throttled";
    put("inbox/" + small + "/img-0.jpg", TestImages.jpeg(32, 32, Color.RED));
    InjectedFaults.Fault fault =
        InjectedFaults.arm(
            "PutItem",
            InjectedFaults.onTable(runsTable),
            InjectedFaults.Kind.THROTTLE,
            AwsClients.DYNAMO_MAX_ATTEMPTS + 1);
    try {
      // WHEN a run starts: StartRun fails with StoreUnavailableException, which its Retry names
      JsonNode run = succeed(small, ModelInstaller.SAMPLE_VERSION);

      // THEN the state machine retried the task and the run completed and was recorded
      assertThat(fault.injected()).isEqualTo(AwsClients.DYNAMO_MAX_ATTEMPTS + 1);
      assertThat(runs.get(RunKind.BULK, run.path("runId").asText()).orElseThrow().status())
          .isEqualTo(RunStatus.SUCCEEDED);
    } finally {
      InjectedFaults.disarmAll();
    }
  }

  @Test
  void recordFailure_shouldRecordTheRunFailedWithTheCatchsError() throws Exception {
    // GIVEN a run started through the handler, as StartRun invokes it
    Map<String, String> environment = new LinkedHashMap<>(fixture.environment("BulkRunFunction"));
    environment.put("RUNS_TABLE", runsTable);
    BulkRunHandler handler = new BulkRunHandler(environment);
    ObjectNode start = JSON.createObjectNode().put("action", "start");
    start.putObject("input").put("prefix", "inbox/" + collection + "-failed/");
    JsonNode run = invoke(handler, start);
    assertThat(run.fieldNames())
        .toIterable()
        .containsExactly("runId", "modelVersion", "prefix", "startedAt");
    assertThat(run.path("modelVersion").asText()).isEqualTo(ModelInstaller.SAMPLE_VERSION);

    // WHEN RecordFailure hands it the run and what the Map's Catch put in $.error
    ObjectNode fail = JSON.createObjectNode().put("action", "fail");
    fail.set("run", run);
    fail.putObject("error").put("Error", "States.TaskFailed").put("Cause", "boom");
    JsonNode recorded = invoke(handler, fail);

    // THEN the run is FAILED with the error, and the state machine sees the same two fields
    assertThat(recorded)
        .isEqualTo(
            JSON.createObjectNode()
                .put("runId", run.path("runId").asText())
                .put("status", "FAILED"));
    RunRecord record = runs.get(RunKind.BULK, run.path("runId").asText()).orElseThrow();
    assertThat(record.status()).isEqualTo(RunStatus.FAILED);
    assertThat(record.error()).hasValue("States.TaskFailed: boom");
    assertThat(record.bulk().prefix()).isEqualTo("inbox/" + collection + "-failed/");
  }

  private static JsonNode invoke(BulkRunHandler handler, JsonNode payload) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(JSON.writeValueAsBytes(payload)),
        out,
        new LocalContext("test-request", "BulkRunFunction", 1024));
    return JSON.readTree(out.toByteArray());
  }

  private JsonNode succeed(String collection, String version) throws Exception {
    LocalStateMachine.Execution execution =
        machine.run(Map.of("prefix", "inbox/" + collection + "/", "modelVersion", version));
    assertThat(execution.succeeded()).as(execution.error() + " " + execution.cause()).isTrue();
    return execution.output().path("run");
  }

  private void put(String key, byte[] bytes) {
    cloud.s3().putObject(b -> b.bucket(fixture.bucket).key(key), RequestBody.fromBytes(bytes));
  }
}
