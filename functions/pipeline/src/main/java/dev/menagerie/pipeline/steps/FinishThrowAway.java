package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The FinishThrowAway state: finishes a throw-away run SUCCEEDED, recording the bulk runs that
 * identified the inbox collections again (each execution's {@code Output.run}).
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
    List<Object> bulkRuns = new ArrayList<>();
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
      bulkRuns.add(RunArtifacts.JSON.convertValue(output.path("run"), Object.class));
    }
    runs.succeeded(runId, "THROW_AWAY", Map.of("reidentified", bulkRuns));
    return new Finished("THROW_AWAY", bulkRuns.size());
  }
}
