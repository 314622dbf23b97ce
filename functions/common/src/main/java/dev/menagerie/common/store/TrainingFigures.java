package dev.menagerie.common.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.common.model.TrainingMetrics;
import java.util.Collections;
import java.util.List;

/**
 * A training run's figures, as the pipeline's steps add them: what it was asked ({@code name},
 * {@code throwAway}, {@code cutoff}, {@code baseModel}, and the execution's {@code input} as given,
 * JSON of any shape), the dataset it prepared, what training measured, the decision, the outcome,
 * and for a throw-away run the bulk runs that identified the inbox again. A part not recorded yet
 * is null and has no key, except {@code baseModel}, which is null when the run named none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingFigures(
    String name,
    Boolean throwAway,
    Integer cutoff,
    @JsonInclude(JsonInclude.Include.ALWAYS) String baseModel,
    JsonNode input,
    DatasetSummary dataset,
    TrainingMetrics training,
    DecisionSummary decision,
    String outcome,
    List<Reidentified> reidentified)
    implements RunFigures {

  /** Nothing recorded. */
  public static final TrainingFigures NONE = asked(null, null, null, null, null);

  public TrainingFigures {
    reidentified =
        reidentified == null
            ? null
            : Collections.unmodifiableList(new java.util.ArrayList<>(reidentified));
  }

  /** The figures of a run that has just started: what it was asked. */
  public static TrainingFigures asked(
      String name, Boolean throwAway, Integer cutoff, String baseModel, JsonNode input) {
    return new TrainingFigures(
        name, throwAway, cutoff, baseModel, input, null, null, null, null, null);
  }

  /**
   * One bulk run that identified an inbox collection again for a throw-away run (its execution's
   * {@code Output.run}; only the execution's status for an execution without one).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reidentified(
      String runId, String status, String modelVersion, BulkFigures figures) {}

  public TrainingFigures withDataset(DatasetSummary newDataset) {
    return new TrainingFigures(
        name,
        throwAway,
        cutoff,
        baseModel,
        input,
        newDataset,
        training,
        decision,
        outcome,
        reidentified);
  }

  public TrainingFigures withTraining(TrainingMetrics newTraining) {
    return new TrainingFigures(
        name,
        throwAway,
        cutoff,
        baseModel,
        input,
        dataset,
        newTraining,
        decision,
        outcome,
        reidentified);
  }

  public TrainingFigures withDecision(DecisionSummary newDecision) {
    return new TrainingFigures(
        name,
        throwAway,
        cutoff,
        baseModel,
        input,
        dataset,
        training,
        newDecision,
        outcome,
        reidentified);
  }

  /** These figures with the run's outcome (PROMOTED, REJECTED, THROW_AWAY). */
  public TrainingFigures withOutcome(String newOutcome) {
    return new TrainingFigures(
        name,
        throwAway,
        cutoff,
        baseModel,
        input,
        dataset,
        training,
        decision,
        newOutcome,
        reidentified);
  }

  public TrainingFigures withReidentified(List<Reidentified> newReidentified) {
    return new TrainingFigures(
        name,
        throwAway,
        cutoff,
        baseModel,
        input,
        dataset,
        training,
        decision,
        outcome,
        newReidentified);
  }
}
