package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.reports.report.AccuracyReport;
import dev.menagerie.reports.report.UsageReport;
import org.junit.jupiter.api.Test;

/** The terminal rendering of the reports, read from their JSON as the CLI reads the API's. */
class ReportTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void usage_shouldPrintTotalsLatencyCostAndBusyDays() throws Exception {
    UsageReport usage =
        JSON.readValue(
            """
            {"period":{"from":"2026-11-18","to":"2026-11-20","model":null},
             "totals":{"requests":12345,"errors":1,"byStatus":{"200":8,"400":1},
                       "byModel":{"v1":4,"v2":4},"byLabel":{"cat":4},"byCaller":{"alice":5}},
             "latencyMs":{"p50":90,"p95":120,"p99":1200},
             "cost":{"memoryMb":1024,"gbSeconds":0.735,"totalUsd":0.01635,"per1000Usd":1.816667},
             "days":[{"day":"2026-11-18","requests":4,"errors":1,"byModel":{"v1":3},
                      "latencyMs":{"p50":80,"p95":120}},
                     {"day":"2026-11-19","requests":0,"errors":0,"byModel":{},"latencyMs":{}}]}
            """,
            UsageReport.class);

    String text = ReportText.usage(usage);

    assertThat(text)
        .contains("Usage, 2026-11-18 .. 2026-11-20 (UTC)")
        .contains("Requests:   12,345 (errors 1)")
        .contains("By model:   v1 4, v2 4")
        .contains("Latency:    p50 90 ms, p95 120 ms, p99 1,200 ms")
        .contains("Cost:       $0.0164 estimated ($1.82 per 1,000 requests; 0.735 GB-s at 1,024 MB")
        .contains("2026-11-18       4 requests")
        .doesNotContain("2026-11-19  ");
  }

  @Test
  void accuracy_shouldPrintPercentagesBandsClassesAndConfusions() throws Exception {
    AccuracyReport accuracy =
        JSON.readValue(
            """
            {"period":{"from":"2026-11-18","to":"2026-11-20","model":"v2"},
             "totals":{"evaluations":8,"correct":4,"incorrect":3,"unusable":1,"accuracy":0.5714},
             "byModel":[{"modelVersion":"v2","correct":2,"incorrect":1,"accuracy":0.6667}],
             "days":[],
             "reliability":{"ece":0.3343,"bins":[{"band":"0.9-1.0","judged":3,"accuracy":1.0,
                            "meanConfidence":0.9533},{"band":"0.0-0.1","judged":0}]},
             "classes":[{"label":"dog","precision":0.5,"recall":0.3333}],
             "confusions":[{"actual":"fox","predicted":"dog","count":1}]}
            """,
            AccuracyReport.class);

    String text = ReportText.accuracy(accuracy);

    assertThat(text)
        .contains(", model v2 (UTC)")
        .contains("accuracy 57.1%")
        .contains("v2 66.7% of 3")
        .contains("Reliability (ECE 0.3343)")
        .contains("confidence 0.9-1.0     3 judged  accuracy  100.0%  mean confidence 0.953")
        .doesNotContain("0.0-0.1")
        .contains("dog                    50.0%   33.3%")
        .contains("fox taken for dog: 1");
  }
}
