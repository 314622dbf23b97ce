package dev.menagerie.common.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the training job measured, as its model card's {@code metrics} say: the best validation
 * accuracy and its epoch, the epochs run, the kernels it trained with, the held-out accuracy and,
 * for an int8 model, what quantising cost. A figure the job did not write is null. {@code other}
 * keeps any key this version does not know (a newer job's), so reading and writing loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingMetrics(
    Double validationAccuracy,
    Integer bestEpoch,
    Integer epochsRun,
    String kernels,
    Double holdoutAccuracy,
    Double holdoutAccuracyFp32,
    Double validationAccuracyInt8,
    Double int8AccuracyDelta,
    String int8AccuracyDeltaOn,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** No figure at all (a model registered by hand without a card's metrics). */
  public static final TrainingMetrics NONE =
      new TrainingMetrics(null, null, null, null, null, null, null, null, null, Map.of());

  public TrainingMetrics {
    other =
        other == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  /** A card's metrics (the free-form JSON of {@code model-card.json}) read into their fields. */
  public static TrainingMetrics of(Map<String, Object> cardMetrics) {
    return JSON.convertValue(cardMetrics, TrainingMetrics.class);
  }
}
