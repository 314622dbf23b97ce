package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.menagerie.common.store.TrainingFigures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The FinishThrowAway state: finishes a throw-away run SUCCEEDED, recording the bulk runs that
 * identified the inbox collections again (each execution's {@code Output.run}; an execution without
 * one is recorded with its status only).
 */
public final class FinishThrowAway
    implements PipelineStep<FinishThrowAway.Input, FinishThrowAway.Finished> {
  private final TrainingRuns runs;

  public FinishThrowAway(TrainingRuns runs) {
    this.runs = runs;
  }

  /** The state and ReidentifyInbox's result, one entry per bulk-identify execution. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(RunState run, List<Execution> identified) {}

  /**
   * One bulk-identify execution as IdentifyCollection's ResultSelector keeps it. Its {@code Output}
   * is the execution's output (JSON at the edge: a string of JSON, or JSON).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Execution(
      @JsonProperty("Status") String status, @JsonProperty("Output") JsonNode output) {}

  public record Finished(String outcome, int collections) {}

  @Override
  public Finished run(Input input) {
    RunState state = input.run() == null ? new RunState(null, null, null) : input.run();
    String runId = state.runId();
    List<TrainingFigures.Reidentified> bulkRuns = new ArrayList<>();
    for (Execution execution :
        input.identified() == null ? List.<Execution>of() : input.identified()) {
      JsonNode output =
          execution == null || execution.output() == null
              ? MissingNode.getInstance()
              : execution.output();
      if (output.isTextual()) {
        try {
          output = RunArtifacts.JSON.readTree(output.asText());
        } catch (IOException e) {
          output = RunArtifacts.JSON.createObjectNode();
        }
      }
      bulkRuns.add(reidentified(execution, output.path("run")));
    }
    runs.succeeded(runId, "THROW_AWAY", figures -> figures.withReidentified(bulkRuns));
    return new Finished("THROW_AWAY", bulkRuns.size());
  }

  /** The bulk run an execution reports; only the execution's status when it reports none. */
  private static TrainingFigures.Reidentified reidentified(Execution execution, JsonNode run) {
    if (run.isObject()) {
      try {
        return RunArtifacts.JSON.treeToValue(run, TrainingFigures.Reidentified.class);
      } catch (IOException e) {
        // not a bulk run's output: recorded as one without a run, below
      }
    }
    return new TrainingFigures.Reidentified(
        null, execution == null ? null : execution.status(), null, null);
  }
}
