package dev.menagerie.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench harness itself (the suite runs only through {@code ./menagerie bench}). */
class HarnessTest {
  private static final Machine MACHINE = new Machine("Test CPU", 2, "0.00 0.00 0.00", 1024);

  @Test
  void latestJson_shouldHoldEveryTrackedKeyWithNullAndAReasonWhereNotMeasured(@TempDir Path dir)
      throws Exception {
    // GIVEN a run that measured one figure and could not measure another
    Results results = new Results();
    results.figure("handler_over_ort", 1.0612345);
    results.notMeasured("warmstart_epoch_ratio", "no table yet");
    results.detail("inference", "handler_ms", 123.4567);
    // WHEN latest.json is written
    Path file = dir.resolve("results/latest.json");
    results.writeJson(file, MACHINE, "2026-11-29T00:00:00Z", true);
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    // THEN every tracked key is there, measured or null, with the machine and the date
    for (String key : Results.TRACKED) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.get("handler_over_ort").asDouble()).isEqualTo(1.0612);
    assertThat(json.get("warmstart_epoch_ratio").isNull()).isTrue();
    assertThat(json.at("/not_measured/warmstart_epoch_ratio").asText()).isEqualTo("no table yet");
    assertThat(json.at("/machine/processor").asText()).isEqualTo("Test CPU");
    assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
    assertThat(json.get("date").asText()).isEqualTo("2026-11-29T00:00:00Z");
    assertThat(json.at("/details/inference/handler_ms").asDouble()).isEqualTo(123.457);
  }

  @Test
  void anOnlyRun_shouldKeepEarlierFiguresItDidNotMeasure_sayingWhereEachCameFrom()
      throws Exception {
    // GIVEN an earlier latest.json with two figures, one of them kept there from a run before it
    com.fasterxml.jackson.databind.JsonNode earlier =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                "{\"handler_over_ort\": 1.3, \"cold_start_seconds\": 4.0,"
                    + " \"warmstart_rounds\": [{\"round\": 1}], \"int8_speedup\": null,"
                    + " \"date\": \"2026-12-01T00:00:00Z\", \"quick\": false,"
                    + " \"machine\": {\"load_average_at_start\": \"0.2 0.3 0.4\"},"
                    + " \"figures_from\": {\"cold_start_seconds\": \"the run of 2026-11-30\"},"
                    + " \"details\": {\"inference\": {\"handler_ms\": 111}, \"cold_start\": {}}}");
    // WHEN this run measured only the cold start and keeps the rest
    Results results = new Results();
    results.figure("cold_start_seconds", 2.5);
    results.detail("cold_start", "clients_ms", 900.0);
    results.keepEarlier(earlier);

    // THEN its own figure wins, the others are kept with their origin, nulls stay unmeasured
    assertThat(results.figure("cold_start_seconds")).isEqualTo(2.5);
    assertThat(results.figure("handler_over_ort")).isEqualTo(1.3);
    assertThat(results.figure("warmstart_rounds")).isInstanceOf(List.class);
    assertThat(results.figure("int8_speedup")).isNull();
    assertThat(results.figuresFrom())
        .containsEntry(
            "handler_over_ort",
            "the run of 2026-12-01T00:00:00Z, load average at start 0.2 0.3 0.4")
        .doesNotContainKey("cold_start_seconds");
    Map<String, Object> json =
        results.json(new Machine("cpu", 2, "1 1 1", 1024), "2026-12-04T00:00:00Z", false);
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) json.get("details");
    assertThat(details).containsKeys("inference", "cold_start");
    assertThat(((Map<?, ?>) details.get("cold_start")).containsKey("clients_ms")).isTrue();
    assertThat(results.markdown(new Machine("cpu", 2, "1 1 1", 1024), "d", false))
        .contains("- handler_over_ort = 1.3, from the run of 2026-12-01T00:00:00Z");
  }

  @Test
  void markdown_shouldGroupRowsBySectionAndMarkMissedTargets() {
    // GIVEN rows of two sections, one target met and one missed
    Results results = new Results();
    results.row("A", "x vs y", "1 ms", "2 ms", "0.5×", "≤ 1×", true);
    results.row("A", "p | q", "3 ms", "1 ms", "3×", "≤ 1.5×", false);
    results.row("B", "info", "7", "", "", "", null);
    // WHEN the table is rendered
    String table = results.markdown(MACHINE, "today", false);
    // THEN each section has a heading row, pipes in cells are escaped and misses stand out
    assertThat(table).contains("Test CPU, 2 cores");
    assertThat(table).contains("| **A** | | | | | |\n| x vs y | 1 ms | 2 ms | 0.5× | ≤ 1× | yes |");
    assertThat(table).contains("| p \\| q | 3 ms | 1 ms | 3× | ≤ 1.5× | **no** |");
    assertThat(table).contains("| **B** | | | | | |\n| info | 7 |  |  |  |  |");
  }

  @Test
  void numbers_shouldKeepAboutThreeSignificantDigits() {
    assertThat(List.of(Results.num(1234.5), Results.num(12.345), Results.num(1.2345)))
        .containsExactly("1235", "12.3", "1.23");
    assertThat(Results.num(0.12345)).isEqualTo("0.123");
    assertThat(Timer.median(List.of(3.0, 1.0, 2.0, 10.0))).isEqualTo(2.5);
  }

  @Test
  void trainingJobOutput_shouldYieldRatesKernelsAndTimesPerEpoch() {
    // GIVEN the lines the training job prints (its kernel choice, per epoch a breakdown and a
    // metric)
    String transcript =
        """
        kernels: channels-last, 1x1 as matmul, AVX512_CORE; fastest correct (checked in 2.1 s)
        epoch 1/3  loss 2.1  train acc 0.2  val acc 0.3  lr 2.00e-03  40.1 img/s  14.2 s  ETA 0m28s
          time: batches 0.4 s, forward+backward 10.1 s, optimizer 0.9 s, BatchNorm statistics 1.2 s
        metric: epoch=1; train:loss=2.1; train:accuracy=0.2; validation:accuracy=0.3; \
        train:images_per_second=40.10;
          time: batches 0.4 s, forward+backward 9.0 s, optimizer 0.8 s, BatchNorm statistics 1.1 s
        metric: epoch=2; train:loss=1.9; train:accuracy=0.3; validation:accuracy=0.4; \
        train:images_per_second=48.50;
        """;
    // WHEN it is read
    TrainingBench.JobOutput job = TrainingBench.JobOutput.parse(transcript);
    // THEN every epoch's rate and breakdown is there, with the kernels the job chose
    assertThat(job.imagesPerSecond()).containsExactly(40.1, 48.5);
    assertThat(job.kernels()).startsWith("channels-last, 1x1 as matmul").endsWith("2.1 s)");
    assertThat(job.times()).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("batches"));
  }

  @Test
  void warmStartRatio_shouldBeReadFromTheTrainingReadmeMarkerOnly() {
    assertThat(TrainingBench.warmStartRatio("table...\nwarmstart_epoch_ratio: 3.5\n"))
        .contains(3.5);
    assertThat(TrainingBench.warmStartRatio("`warmstart_epoch_ratio` = **4**")).isEmpty();
    assertThat(TrainingBench.warmStartRatio("warmstart_epoch_ratio = **4**")).contains(4.0);
    assertThat(TrainingBench.warmStartRatio("warm start: 3 epochs")).isEqualTo(Optional.empty());
  }

  @Test
  void classifyMemory_shouldBeTheTemplateDefault() throws Exception {
    Path repo = Path.of(System.getProperty("menagerie.repo", "..")).toAbsolutePath();
    assertThat(ColdStartBench.classifyMemoryMb(repo)).isBetween(512, 10240);
  }
}
