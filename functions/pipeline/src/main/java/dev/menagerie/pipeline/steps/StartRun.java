package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.TrainingFigures;
import dev.menagerie.pipeline.RunRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The StartRun state: validates the run's input ({@link RunRequest}), names the run and the
 * candidate version (from the start time), and records the run RUNNING with what it was asked.
 */
public final class StartRun implements PipelineStep<StartRun.Input, StartedRun> {
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final TrainingRuns runs;

  public StartRun(TrainingRuns runs) {
    this.runs = runs;
  }

  /** The execution's input, as the user gave it (JSON at the edge: RunRequest reads it). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(JsonNode input) {}

  @Override
  public StartedRun run(Input in) {
    JsonNode input = in.input() == null ? MissingNode.getInstance() : in.input();
    RunRequest request = RunRequest.parse(input);
    Instant now = runs.clock().instant();
    String runId = RunRecord.newRunId(now);
    String version =
        "v"
            + VERSION_TIME.format(now)
            + "-"
            + runId.substring(runId.length() - 8, runId.length() - 4);
    runs.started(
        runId,
        version,
        now,
        TrainingFigures.asked(
            request.name(), request.throwAway(), request.cutoff(), request.baseModel(), input));
    return new StartedRun(
        runId,
        version,
        request.name(),
        request.throwAway(),
        input.isObject() ? input : JsonNodeFactory.instance.objectNode());
  }
}
