package dev.menagerie.common.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.common.model.TrainingMetrics;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's metrics in the registry: what training measured (its card's metrics), the precision it
 * is served at, the training job's final metrics, the run and job that made it, and once the
 * pipeline is done with it, its decision or the failure that rejected it.
 *
 * <p>In JSON (the Models table's {@code metrics} attribute, {@code models --json}, the models
 * report) this is one flat object, the shape every version wrote: the card's keys, then {@value
 * #PRECISION}, {@code final:<name>} per final metric, {@code runId}, {@code trainingJob}, {@code
 * decision}, {@code failure}; an absent part has no key.
 */
public record ModelMetrics(
    TrainingMetrics training,
    Optional<String> precision,
    Map<String, Double> finalMetrics,
    Optional<String> runId,
    Optional<String> trainingJob,
    Optional<DecisionSummary> decision,
    Optional<String> failure) {

  /** The key of the precision a model is served at ({@link ModelCard#precision}). */
  public static final String PRECISION = "precision";

  static final String FINAL = "final:";
  static final String RUN_ID = "runId";
  static final String TRAINING_JOB = "trainingJob";
  static final String DECISION = "decision";
  static final String FAILURE = "failure";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** No metrics at all. */
  public static final ModelMetrics NONE =
      new ModelMetrics(
          TrainingMetrics.NONE,
          Optional.empty(),
          Map.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public ModelMetrics {
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(precision, "precision");
    finalMetrics =
        finalMetrics == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(trainingJob, "trainingJob");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(failure, "failure");
  }

  /** A model's metrics from its card: what training measured and the precision it is served at. */
  public static ModelMetrics of(ModelCard card) {
    return NONE.withTraining(TrainingMetrics.of(card.metrics())).withPrecision(card.precision());
  }

  /** The precision the model is served at ({@code fp32} for models registered before it). */
  public String servedPrecision() {
    return precision.orElse(ModelCard.FP32);
  }

  public ModelMetrics withTraining(TrainingMetrics newTraining) {
    return new ModelMetrics(
        newTraining, precision, finalMetrics, runId, trainingJob, decision, failure);
  }

  public ModelMetrics withPrecision(String newPrecision) {
    return new ModelMetrics(
        training, Optional.of(newPrecision), finalMetrics, runId, trainingJob, decision, failure);
  }

  /** These metrics with the training job that made the model: its name, final metrics and run. */
  public ModelMetrics withTrainingJob(
      String newRunId, Optional<String> jobName, Map<String, Double> newFinalMetrics) {
    return new ModelMetrics(
        training, precision, newFinalMetrics, Optional.of(newRunId), jobName, decision, failure);
  }

  public ModelMetrics withDecision(DecisionSummary newDecision) {
    return new ModelMetrics(
        training, precision, finalMetrics, runId, trainingJob, Optional.of(newDecision), failure);
  }

  public ModelMetrics withFailure(String newFailure) {
    return new ModelMetrics(
        training, precision, finalMetrics, runId, trainingJob, decision, Optional.of(newFailure));
  }

  /** The flat JSON object these metrics are stored and served as. */
  @JsonValue
  public ObjectNode stored() {
    ObjectNode node = JSON.valueToTree(training);
    precision.ifPresent(p -> node.put(PRECISION, p));
    finalMetrics.forEach((name, value) -> node.put(FINAL + name, value));
    runId.ifPresent(r -> node.put(RUN_ID, r));
    trainingJob.ifPresent(j -> node.put(TRAINING_JOB, j));
    decision.ifPresent(d -> node.set(DECISION, JSON.valueToTree(d)));
    failure.ifPresent(f -> node.put(FAILURE, f));
    return node;
  }

  /**
   * Reads the flat JSON object (any version's: a key it does not know stays with the card's
   * metrics).
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ModelMetrics fromStored(ObjectNode stored) {
    ObjectNode card = stored.deepCopy();
    Optional<String> precision = text(card.remove(PRECISION));
    Optional<String> runId = text(card.remove(RUN_ID));
    Optional<String> trainingJob = text(card.remove(TRAINING_JOB));
    Optional<String> failure = text(card.remove(FAILURE));
    JsonNode decisionNode = card.remove(DECISION);
    Optional<DecisionSummary> decision;
    try {
      decision =
          decisionNode == null || decisionNode.isNull()
              ? Optional.empty()
              : Optional.of(JSON.treeToValue(decisionNode, DecisionSummary.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored decision is not a decision summary", e);
    }
    Map<String, Double> finals = new LinkedHashMap<>();
    for (Iterator<String> names = card.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.startsWith(FINAL) && card.get(name).isNumber()) {
        finals.put(name.substring(FINAL.length()), card.get(name).doubleValue());
        names.remove();
      }
    }
    TrainingMetrics training;
    try {
      training = JSON.treeToValue(card, TrainingMetrics.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored training metrics are not as expected", e);
    }
    return new ModelMetrics(training, precision, finals, runId, trainingJob, decision, failure);
  }

  private static Optional<String> text(JsonNode node) {
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }
}
