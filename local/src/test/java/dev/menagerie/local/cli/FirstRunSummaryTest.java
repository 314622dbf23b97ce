package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.store.ModelMetrics;
import org.junit.jupiter.api.Test;

class FirstRunSummaryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void registryMetricsOfAPromotedRun_shouldGiveTheHeldOutAccuracyTheDecisionMeasured()
      throws Exception {
    // GIVEN a model's metrics as the pipeline stores them (card metrics plus the decision summary)
    ModelMetrics metrics =
        JSON.readValue(
            """
            {"epochsRun": 45, "kernels": "uncapped/channels-last-matmul-1x1",
             "final:train:images_per_second": 187.5,
             "decision": {"outcome": "PROMOTE", "sets": {
               "holdout": {"candidate": {"images": 180, "accuracy": 0.6833333},
                           "production": {"images": 180, "accuracy": 0.0}},
               "test": {"candidate": {"images": 182, "accuracy": 0.56}}}}}
            """,
            ModelMetrics.class);
    // WHEN the demo summarises the first run
    String line = Demo.firstRunSummary(metrics, 301.4);
    // THEN it names the candidate's held-out figure, the budget, the speed, the kernels, the time
    assertThat(line)
        .isEqualTo(
            "First model: held-out accuracy 0.683 on 180 images after 45 epochs at 188 images/s"
                + " (kernels uncapped/channels-last-matmul-1x1); the run took 301 s");
  }

  @Test
  void metricsWithoutADecision_shouldSaySoRatherThanInventAFigure() throws Exception {
    String line =
        Demo.firstRunSummary(JSON.readValue("{\"epochsRun\": 2}", ModelMetrics.class), 10);
    assertThat(line).startsWith("First model: no held-out accuracy recorded after 2 epochs");
  }
}
