package dev.menagerie.bulk.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.task.CaughtError;
import dev.menagerie.common.task.TaskRoute;
import dev.menagerie.common.task.TaskRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edge of the bulk run handler: the Payloads bulk-identify.asl.json sends bind to the steps'
 * records, and the records are written as the JSON the state machine has always seen (the handler's
 * earlier maps, key for key).
 */
class BulkStepsTest {
  /** The table's routes do not depend on the collaborators. */
  private static final Map<String, TaskRoute<?, ?>> STEPS =
      BulkSteps.table(new BulkSteps.Collaborators(null, null, null, null, null));

  @Test
  void theTable_shouldRouteTheMachinesActionsInOrder() {
    assertThat(STEPS).containsOnlyKeys("start", "identify", "finish", "fail");
    assertThat(STEPS.keySet()).containsExactly("start", "identify", "finish", "fail");
  }

  @Test
  void anIdentifyPayload_shouldBindTheListingItemsAndTheBatchInput() throws Exception {
    // GIVEN a Payload as IdentifyBatch's Parameters build it: ItemReader items and BatchInput
    JsonNode payload =
        json(
            "{'action':'identify','items':[{'ETag':'\\\"e1\\\"','Key':'inbox/a/1.jpg',"
                + "'LastModified':'2026-01-01T00:00:00Z','Size':123,'StorageClass':'STANDARD'},"
                + "{'Key':'inbox/a/'}],'batch':{'runId':'r1','modelVersion':'v1'}}");

    IdentifyBatch.Input input = bind(payload);

    assertThat(input.items())
        .containsExactly(
            new IdentifyBatch.Item("inbox/a/1.jpg", "\"e1\"", 123L),
            new IdentifyBatch.Item("inbox/a/", null, null));
    assertThat(input.batch()).isEqualTo(new IdentifyBatch.Batch("r1", "v1"));
  }

  @Test
  void finishAndFailPayloads_shouldBindTheRunTheBatchesAndTheError() throws Exception {
    String run =
        "'run':{'runId':'r1','modelVersion':'v1','prefix':'inbox/a/',"
            + "'startedAt':'2026-01-01T00:00:00Z'}";
    FinishRun.Input finish =
        bind(
            json(
                "{'action':'finish',"
                    + run
                    + ",'batches':[{'counts':{'IDENTIFIED':2},'seconds':1.5},"
                    + "{'counts':{},'seconds':0.25}]}"));
    RecordFailure.Input fail =
        bind(
            json(
                "{'action':'fail',"
                    + run
                    + ",'error':{'Error':'States.TaskFailed','Cause':'boom'}}"));

    BulkRun expected = new BulkRun("r1", "v1", "inbox/a/", "2026-01-01T00:00:00Z");
    assertThat(finish.run()).isEqualTo(expected);
    assertThat(finish.batches())
        .containsExactly(
            new IdentifyBatch.Identified(Map.of("IDENTIFIED", 2), 1.5),
            new IdentifyBatch.Identified(Map.of(), 0.25));
    assertThat(fail.run()).isEqualTo(expected);
    assertThat(fail.error()).isEqualTo(new CaughtError("States.TaskFailed", "boom"));
  }

  @Test
  void theOutputs_shouldBeWrittenAsTheStateMachineReadsThem() throws Exception {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("IDENTIFIED", 2);
    counts.put("ALREADY_IDENTIFIED", 1);
    assertThat(write(new BulkRun("r1", "v1", "inbox/a/", "2026-01-01T00:00:00Z")))
        .isEqualTo(
            "{'runId':'r1','modelVersion':'v1','prefix':'inbox/a/',"
                + "'startedAt':'2026-01-01T00:00:00Z'}");
    assertThat(write(new IdentifyBatch.Identified(counts, 1.5)))
        .isEqualTo("{'counts':{'IDENTIFIED':2,'ALREADY_IDENTIFIED':1},'seconds':1.5}");
    assertThat(
            write(
                new FinishRun.Finished(
                    "r1",
                    RunStatus.SUCCEEDED,
                    "v1",
                    new BulkFigures("inbox/a/", 3, 1, counts, 2.0, 1.5, 2.0))))
        .isEqualTo(
            "{'runId':'r1','status':'SUCCEEDED','modelVersion':'v1','figures':{'prefix':'inbox/a/',"
                + "'images':3,'batches':1,'outcomes':{'IDENTIFIED':2,'ALREADY_IDENTIFIED':1},"
                + "'wallSeconds':2.0,'imagesPerSecond':1.5,'imagesPerBusySecond':2.0}}");
    assertThat(write(new RecordFailure.Recorded("r1", RunStatus.FAILED)))
        .isEqualTo("{'runId':'r1','status':'FAILED'}");
  }

  @Test
  void aPayloadThatDoesNotFit_shouldBeAnInvalidParameterNamingTheStep() throws Exception {
    // GIVEN items that are not a list: bound before the step runs (its collaborators are null)
    JsonNode payload = json("{'action':'identify','items':{'Key':'inbox/a/1.jpg'}}");

    assertThatThrownBy(() -> TaskRoutes.run(STEPS, payload))
        .isInstanceOfSatisfying(
            MenagerieException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
        .hasMessageStartingWith("the identify step's input does not fit: ");
  }

  @Test
  void anUnknownAction_shouldListTheActions() {
    assertThatThrownBy(() -> TaskRoutes.run(STEPS, json("{'action':'stop'}")))
        .isInstanceOf(MenagerieException.class)
        .hasMessage("action must be one of start, identify, finish, fail; was 'stop'");
  }

  @Test
  void anIdentifyBatchWithoutItsRun_shouldBeAnInvalidParameter() {
    IdentifyBatch step = new IdentifyBatch(null, null, null, null);
    assertThatThrownBy(() -> step.run(new IdentifyBatch.Input(List.of(), null)))
        .isInstanceOf(MenagerieException.class)
        .hasMessage("batch.runId is required");
  }

  @SuppressWarnings("unchecked")
  private static <I> I bind(JsonNode payload) throws Exception {
    TaskRoute<?, ?> route = STEPS.get(payload.path("action").asText());
    return (I) TaskRoutes.JSON.treeToValue(payload, route.input());
  }

  private static String write(Object output) throws Exception {
    return TaskRoutes.JSON.writeValueAsString(output).replace('"', '\'');
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return TaskRoutes.JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
