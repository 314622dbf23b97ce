package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.bulk.run.BulkRun;
import dev.menagerie.bulk.run.BulkSteps;
import dev.menagerie.bulk.run.IdentifyBatch;
import dev.menagerie.common.task.TaskRoute;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * statemachines/bulk-identify.asl.json against the bulk steps' records ({@link StepContract}):
 * every Task's Payload is exactly its step's input record and every ResultSelector path a field of
 * its output record; {@code $.run} (a {@link BulkRun}) is kept whole by StartRun's ResultSelector
 * and read by field by the Map's ItemReader and ItemBatcher; the ItemBatcher's BatchInput is
 * exactly {@link IdentifyBatch.Batch}; {@code $.batches} holds what IdentifyBatch's ResultSelector
 * keeps of {@link IdentifyBatch.Identified}; {@code $.error} is set by a Catch.
 */
class BulkStepContractTest {
  /** The table's types do not depend on the collaborators. */
  private static final Map<String, TaskRoute<?, ?>> STEPS =
      BulkSteps.table(new BulkSteps.Collaborators(null, null, null, null, null));

  @Test
  void theBulkIdentifyMachine_shouldAgreeWithTheStepRecords() throws IOException {
    assertThat(problems(machine())).isEmpty();
  }

  @Test
  void aBatchInputFieldRenamedInTheMachine_shouldBeReported() throws IOException {
    // GIVEN the ItemBatcher passing the version under a name IdentifyBatch.Batch does not bind
    JsonNode machine = machine();
    ObjectNode batchInput =
        (ObjectNode) machine.at("/States/IdentifyObjects/ItemBatcher/BatchInput");
    batchInput.set("version.$", batchInput.remove("modelVersion.$"));

    assertThat(problems(machine))
        .containsExactly(
            "IdentifyObjects' BatchInput does not give 'modelVersion', which Batch binds",
            "IdentifyObjects' BatchInput gives 'version': Batch has no such field (it has"
                + " [runId, modelVersion])");
  }

  @Test
  void aRunFieldTheMachineNoLongerKeeps_shouldBeReported() throws IOException {
    // GIVEN StartRun's ResultSelector dropping the prefix, which the ItemReader lists
    JsonNode machine = machine();
    ((ObjectNode) machine.at("/States/StartRun/ResultSelector")).remove("prefix.$");

    assertThat(problems(machine))
        .containsExactly(
            "the steps read $.run.prefix, which StartRun's ResultSelector does not keep");
  }

  @Test
  void aPayloadFieldTheStepDoesNotBind_shouldBeReported() throws IOException {
    // GIVEN FinishRun's Payload giving the batches under another name
    JsonNode machine = machine();
    ObjectNode payload = (ObjectNode) machine.at("/States/FinishRun/Parameters/Payload");
    payload.set("results.$", payload.remove("batches.$"));

    assertThat(problems(machine))
        .containsExactly(
            "FinishRun's Payload does not give 'batches', which Input binds",
            "FinishRun's Payload gives 'results': Input has no such field (it has [run,"
                + " batches])");
  }

  private static List<String> problems(JsonNode machine) {
    StepContract contract = new StepContract(machine, STEPS);
    JsonNode map = contract.state("IdentifyObjects");
    // $.run: what StartRun returns, kept whole, read by field by the Map
    contract.holds("run", BulkRun.class);
    contract.readsFrom(
        "IdentifyObjects' ItemReader", map.at("/ItemReader/Parameters"), "run", BulkRun.class);
    JsonNode batchInput = map.at("/ItemBatcher/BatchInput");
    contract.readsFrom("IdentifyObjects' BatchInput", batchInput, "run", BulkRun.class);
    contract.supplies(
        "IdentifyObjects' BatchInput", batchInput, IdentifyBatch.Batch.class, Set.of());
    // $.batches: one IdentifyBatch result per batch
    if (contract.isSet("batches")) {
      contract.keeps("IdentifyBatch", "$.batches[]", IdentifyBatch.Identified.class);
    }
    // $.error: what a Catch puts there, for RecordFailure
    boolean caught = false;
    for (JsonNode state : machine.path("States")) {
      for (JsonNode c : state.path("Catch")) {
        caught |= c.path("ResultPath").asText("").equals("$.error");
      }
    }
    if (!caught) {
      contract.problems().add("RecordFailure reads $.error, which no Catch's ResultPath sets");
    }
    return contract.problems();
  }

  private static JsonNode machine() throws IOException {
    return StepContract.machine("bulk-identify.asl.json");
  }
}
