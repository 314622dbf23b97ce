package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.task.TaskRoute;
import dev.menagerie.pipeline.steps.PipelineSteps;
import dev.menagerie.pipeline.steps.RunState;
import dev.menagerie.pipeline.steps.StartedRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * statemachines/training.asl.json against the pipeline steps' records: every {@code $.Payload...}
 * path a ResultSelector keeps is a field of the step's output record, and every field the steps
 * read from the state ({@link RunState}: {@code $.run}, {@code $.dataset}, {@code $.training}) is a
 * ResultPath, and within {@code $.run} and {@code $.dataset} a field its ResultSelector keeps;
 * every Task gives its step the Payload it binds. The field names are Jackson's, as the handler
 * writes and binds them ({@link StepContract}, shared with {@link BulkStepContractTest}).
 */
class PipelineStepContractTest {
  /** The table's types do not depend on the collaborators. */
  private static final Map<String, TaskRoute<?, ?>> STEPS =
      PipelineSteps.table(new PipelineSteps.Collaborators(null, null, null, null, null, 0));

  @Test
  void theTrainingMachine_shouldAgreeWithTheStepRecords() throws IOException {
    assertThat(problems(machine())).isEmpty();
  }

  @Test
  void aRenamedOutputField_shouldBeReported() throws IOException {
    // GIVEN the machine with PrepareDataset keeping a field the record does not have
    JsonNode machine = machine();
    ObjectNode selector = (ObjectNode) machine.at("/States/PrepareDataset/ResultSelector");
    selector.put("productionVersion.$", "$.Payload.productionModel");

    assertThat(problems(machine))
        .containsExactly(
            "PrepareDataset keeps $.Payload.productionModel: PreparedDataset has no"
                + " 'productionModel' (it has [labels, classCount, counts, belowCutoff,"
                + " justBelowCutoff, sizes, benchmarks, origins, baseVersion, epochBudget,"
                + " productionVersion, notes, shards, training])");
  }

  @Test
  void aFieldTheStepsReadButTheMachineDropped_shouldBeReported() throws IOException {
    // GIVEN the machine with PrepareDataset no longer keeping baseVersion, which register reads
    JsonNode machine = machine();
    ((ObjectNode) machine.at("/States/PrepareDataset/ResultSelector")).remove("baseVersion.$");

    assertThat(problems(machine))
        .containsExactly(
            "the steps read $.dataset.baseVersion, which PrepareDataset's ResultSelector does not"
                + " keep");
  }

  private static List<String> problems(JsonNode machine) {
    StepContract contract = new StepContract(machine, STEPS);
    // the state the steps read: each part is some state's ResultPath ...
    for (String part : StepContract.names(RunState.class)) {
      contract.isSet(part);
    }
    // ... and within run and dataset, each field is kept by the ResultSelector that fills it
    contract.holds("run", StartedRun.class);
    contract.holds("dataset", RunState.Dataset.class);
    return contract.problems();
  }

  private static JsonNode machine() throws IOException {
    return StepContract.machine("training.asl.json");
  }
}
