package dev.menagerie.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ModelItemMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A Models table item as the versions before typed metrics wrote it (one flat JSON map). */
  private static final String OLD_METRICS =
      """
      {"validationAccuracy": 0.91, "bestEpoch": 7, "epochsRun": 9,
       "kernels": "uncapped/channels-last-matmul-1x1", "holdoutAccuracy": 0.88,
       "aFigureOfANewerJob": {"kept": true},
       "precision": "int8",
       "final:validation:accuracy": 0.91, "final:train:images_per_second": 187.5,
       "runId": "2026-11-29T14-50-00Z-a1b2c3d4", "trainingJob": "job-1",
       "decision": {"outcome": "REJECT", "reasons": ["misses the margin"], "against": "v1",
         "evaluation": "s3://bucket/runs/r/evaluation.json",
         "sets": {"holdout": {"candidate": {"accuracy": 0.68, "top5": 0.9, "images": 180,
                                            "ece": 0.05},
                              "production": {"accuracy": 0.7, "top5": 0.91, "images": 180,
                                             "ece": 0.04}},
                  "test": {"candidate": {"accuracy": 0.56, "top5": 0.8, "images": 182,
                                         "ece": 0.1}}},
         "comparison": {"commonClasses": ["cat", "dog"], "images": 180,
           "candidateAccuracy": 0.68, "productionAccuracy": 0.7, "candidateOnlyCorrect": 3,
           "productionOnlyCorrect": 6, "mcnemarP": 0.5, "regressedClasses": []}},
       "failure": "States.Timeout: too slow"}
      """;

  @Test
  void anItemWrittenBeforeTypedMetrics_shouldReadIntoEveryTypedField() {
    // GIVEN an item as an older version stored it
    Map<String, AttributeValue> item = oldItem(OLD_METRICS);

    // WHEN it is read
    ModelRecord model = ModelItemMapper.fromItem(item);

    // THEN every figure the CLI, reports and dashboard read is in its typed field
    ModelMetrics m = model.metrics();
    assertThat(m.training().validationAccuracy()).isEqualTo(0.91);
    assertThat(m.training().bestEpoch()).isEqualTo(7);
    assertThat(m.training().epochsRun()).isEqualTo(9);
    assertThat(m.training().kernels()).isEqualTo("uncapped/channels-last-matmul-1x1");
    assertThat(m.training().holdoutAccuracy()).isEqualTo(0.88);
    assertThat(model.precision()).isEqualTo("int8");
    assertThat(m.finalMetrics())
        .containsExactly(
            Map.entry("validation:accuracy", 0.91), Map.entry("train:images_per_second", 187.5));
    assertThat(m.runId()).contains("2026-11-29T14-50-00Z-a1b2c3d4");
    assertThat(m.trainingJob()).contains("job-1");
    assertThat(m.failure()).contains("States.Timeout: too slow");
    DecisionSummary d = m.decision().orElseThrow();
    assertThat(d.outcome()).isEqualTo("REJECT");
    assertThat(d.reasons()).containsExactly("misses the margin");
    assertThat(d.against()).isEqualTo("v1");
    assertThat(d.evaluation()).isEqualTo("s3://bucket/runs/r/evaluation.json");
    assertThat(d.candidateAccuracies()).containsExactly(0.68, 0.56);
    assertThat(d.sets().get("holdout").get("production"))
        .isEqualTo(new DecisionSummary.SetFigures(0.7, 0.91, 180, 0.04));
    assertThat(d.comparison())
        .isEqualTo(
            new DecisionSummary.Comparison(
                List.of("cat", "dog"), 180, 0.68, 0.7, 3, 6, 0.5, List.of()));
  }

  @Test
  void anItemWrittenBeforeTypedMetrics_shouldBeWrittenBackWithTheSameKeysAndValues()
      throws Exception {
    // GIVEN an old item, read
    ModelRecord model = ModelItemMapper.fromItem(oldItem(OLD_METRICS));

    // WHEN it is written again (as updateMetrics does)
    Map<String, AttributeValue> written = ModelItemMapper.toItem(model);

    // THEN nothing stored is lost or renamed, a key this version does not know included
    JsonNode before = JSON.readTree(OLD_METRICS);
    JsonNode after = JSON.readTree(written.get("metrics").s());
    assertThat(after).isEqualTo(before);
    assertThat(written.keySet()).isEqualTo(oldItem(OLD_METRICS).keySet());
  }

  @Test
  void anItemWithoutPipelineMetrics_shouldReadAsFp32WithNothingElse() {
    ModelRecord model = ModelItemMapper.fromItem(oldItem("{\"validationAccuracy\": 0.5}"));

    assertThat(model.precision()).isEqualTo("fp32");
    assertThat(model.metrics().decision()).isEmpty();
    assertThat(model.metrics().runId()).isEmpty();
    assertThat(model.metrics().training().epochsRun()).isNull();
  }

  private static Map<String, AttributeValue> oldItem(String metrics) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", AttributeValue.fromS("MODEL"));
    item.put("sk", AttributeValue.fromS("v2"));
    item.put("version", AttributeValue.fromS("v2"));
    item.put("status", AttributeValue.fromS("REJECTED"));
    item.put("location", AttributeValue.fromS("models/v2/"));
    item.put("architecture", AttributeValue.fromS("inception-small"));
    item.put("parent", AttributeValue.fromS("v1"));
    item.put("registeredAt", AttributeValue.fromS("2026-11-29T15:00:00Z"));
    item.put("metrics", AttributeValue.fromS(metrics));
    return item;
  }
}
