package dev.menagerie.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoRunStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A throw-away training run's figures as the versions before typed figures wrote them. */
  private static final String OLD_TRAINING =
      """
      {"name": "nightly", "throwAway": true, "cutoff": 40, "baseModel": null,
       "input": {"name": "nightly", "throwAway": true, "epochs": 3},
       "dataset": {"labels": ["cat", "dog"], "classCount": 2, "counts": {"cat": 50, "dog": 45},
         "belowCutoff": {"eel": 3}, "justBelowCutoff": ["eel"],
         "sizes": {"train": 70, "validation": 10, "test": 15}, "benchmarks": {"holdout": 20},
         "origins": {"cat": {"library": 50}, "dog": {"library": 45}},
         "baseVersion": "v1", "epochBudget": 24, "productionVersion": "v1", "notes": ["a note"]},
       "training": {"validationAccuracy": 0.9, "bestEpoch": 17, "epochsRun": 19,
         "kernels": "uncapped", "holdoutAccuracy": 0.85},
       "decision": {"outcome": "THROW_AWAY", "reasons": ["a throw-away run is never promoted"],
         "against": "v1", "evaluation": "s3://b/runs/r/evaluation.json",
         "sets": {"test": {"candidate": {"accuracy": 0.8, "top5": 1.0, "images": 15,
                                         "ece": 0.1}}}},
       "outcome": "THROW_AWAY",
       "reidentified": [{"runId": "b-1", "status": "SUCCEEDED", "modelVersion": "v2",
         "figures": {"prefix": "inbox/x/", "images": 12, "batches": 1,
           "outcomes": {"IDENTIFIED": 11, "ERROR": 1}, "wallSeconds": 2.5,
           "imagesPerSecond": 4.8, "imagesPerBusySecond": 6.0}}]}
      """;

  private static final String OLD_BULK =
      """
      {"prefix": "inbox/x/", "images": 12, "batches": 1,
       "outcomes": {"IDENTIFIED": 11, "ERROR": 1}, "wallSeconds": 2.5,
       "imagesPerSecond": 4.8, "imagesPerBusySecond": 0.0}
      """;

  @Test
  void aTrainingRunWrittenBeforeTypedFigures_shouldReadIntoEveryTypedField() {
    RunRecord run = DynamoRunStore.fromItem(oldItem("TRAINING", OLD_TRAINING));

    TrainingFigures f = run.training();
    assertThat(f.name()).isEqualTo("nightly");
    assertThat(f.throwAway()).isTrue();
    assertThat(f.cutoff()).isEqualTo(40);
    assertThat(f.baseModel()).isNull();
    assertThat(f.input().path("epochs").asInt()).isEqualTo(3);
    assertThat(f.dataset().classCount()).isEqualTo(2);
    assertThat(f.dataset().sizes()).isEqualTo(new DatasetSummary.Sizes(70, 10, 15));
    assertThat(f.dataset().origins().get("dog")).containsEntry("library", 45);
    assertThat(f.training().validationAccuracy()).isEqualTo(0.9);
    assertThat(f.decision().against()).isEqualTo("v1");
    assertThat(f.decision().candidateOn("test").orElseThrow().images()).isEqualTo(15);
    assertThat(f.outcome()).isEqualTo("THROW_AWAY");
    TrainingFigures.Reidentified bulk = f.reidentified().get(0);
    assertThat(bulk.runId()).isEqualTo("b-1");
    assertThat(bulk.figures().outcomes()).containsEntry("ERROR", 1);
    // what the runs table and the models report show
    assertThat(run.base()).contains("v1");
    assertThat(run.epochs()).contains("19/24");
    assertThat(run.duration()).contains(Duration.ofMinutes(5));
  }

  @Test
  void aBulkRunWrittenBeforeTypedFigures_shouldReadIntoEveryTypedField() {
    RunRecord run = DynamoRunStore.fromItem(oldItem("BULK", OLD_BULK));

    assertThat(run.bulk())
        .isEqualTo(
            new BulkFigures(
                "inbox/x/", 12, 1, Map.of("IDENTIFIED", 11, "ERROR", 1), 2.5, 4.8, 0.0));
    assertThat(run.base()).isEmpty();
    assertThat(run.epochs()).isEmpty();
  }

  @Test
  void runsWrittenBeforeTypedFigures_shouldBeWrittenBackWithTheSameKeysAndValues()
      throws Exception {
    for (List<String> kindAndFigures :
        List.of(List.of("TRAINING", OLD_TRAINING), List.of("BULK", OLD_BULK))) {
      Map<String, AttributeValue> old = oldItem(kindAndFigures.get(0), kindAndFigures.get(1));

      Map<String, AttributeValue> written = DynamoRunStore.toItem(DynamoRunStore.fromItem(old));

      assertThat(JSON.readTree(written.get("figures").s()))
          .isEqualTo(JSON.readTree(kindAndFigures.get(1)));
      assertThat(written).isEqualTo(withoutFigures(old, written.get("figures")));
    }
  }

  private static Map<String, AttributeValue> withoutFigures(
      Map<String, AttributeValue> item, AttributeValue figures) {
    Map<String, AttributeValue> copy = new HashMap<>(item);
    copy.put("figures", figures);
    return copy;
  }

  private static Map<String, AttributeValue> oldItem(String kind, String figures) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("kind", AttributeValue.fromS(kind));
    item.put("runId", AttributeValue.fromS("2026-11-29T14-50-00Z-a1b2c3d4"));
    item.put("status", AttributeValue.fromS("SUCCEEDED"));
    item.put("startedAt", AttributeValue.fromS("2026-11-29T14:50:00Z"));
    item.put("endedAt", AttributeValue.fromS("2026-11-29T14:55:00Z"));
    item.put("modelVersion", AttributeValue.fromS("v2"));
    item.put("figures", AttributeValue.fromS(figures));
    return item;
  }
}
