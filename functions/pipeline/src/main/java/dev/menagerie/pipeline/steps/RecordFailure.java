package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.common.task.CaughtError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RecordFailure state (every Catch leads here): records the error against the run, which ends
 * FAILED; a registered candidate is rejected. A failure before the run was named records nothing
 * and says so.
 */
public final class RecordFailure
    implements PipelineStep<RecordFailure.Input, RecordFailure.Recorded> {
  private static final Logger LOG = LoggerFactory.getLogger(RecordFailure.class);
  static final int MAX_CAUSE = 8000;

  private final ModelRegistry registry;
  private final TrainingRuns runs;

  public RecordFailure(ModelRegistry registry, TrainingRuns runs) {
    this.registry = registry;
    this.runs = runs;
  }

  /**
   * The state when the failure was caught, and the error. The state stays JSON: when StartRun
   * failed it is the execution's input as given, of any shape, and this step must not fail on it.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(JsonNode run, CaughtError error) {}

  /** Whether the run's record has the error; {@code runId} when it does. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Recorded(boolean recorded, String runId, String error) {}

  @Override
  public Recorded run(Input input) {
    JsonNode run = input.run() == null ? RunArtifacts.JSON.createObjectNode() : input.run();
    String runId = run.path("run").path("runId").asText("");
    CaughtError error = input.error() == null ? CaughtError.NONE : input.error();
    String message =
        (error.error() == null ? "Error" : error.error())
            + ": "
            + truncate(error.cause() == null ? "" : error.cause(), MAX_CAUSE);
    if (runId.isEmpty()) {
      return new Recorded(false, null, message);
    }
    String version = run.path("run").path("version").asText("");
    try {
      registry
          .get(version)
          .filter(m -> m.status() == ModelStatus.CANDIDATE)
          .ifPresent(
              m -> {
                registry.setStatus(version, ModelStatus.REJECTED);
                registry.updateMetrics(version, metrics -> metrics.withFailure(message));
              });
    } catch (RuntimeException e) {
      // the run's record matters more: keep going, the candidate stays a candidate
      LOG.warn("could not reject candidate {} of failed run {}: {}", version, runId, e.toString());
    }
    runs.failed(runId, message);
    return new Recorded(true, runId, message);
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
