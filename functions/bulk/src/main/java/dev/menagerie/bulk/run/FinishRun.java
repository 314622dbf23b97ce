package dev.menagerie.bulk.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.task.TaskStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FinishRun state: adds up the batches into the run's figures (images, batches, images per
 * outcome, wall time, images per wall second and per busy second) and records the run SUCCEEDED.
 */
public final class FinishRun implements TaskStep<FinishRun.Input, FinishRun.Finished> {
  private final BulkRuns runs;
  private final Clock clock;

  public FinishRun(BulkRuns runs, Clock clock) {
    this.runs = runs;
    this.clock = clock;
  }

  /** The Payload: the run and what each batch returned. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(BulkRun run, List<IdentifyBatch.Identified> batches) {}

  /** The finished run, which the state machine keeps as {@code $.run}. */
  public record Finished(
      String runId, RunStatus status, String modelVersion, BulkFigures figures) {}

  @Override
  public Finished run(Input input) {
    RunRecord record = runs.current(input.run());
    List<IdentifyBatch.Identified> batches = input.batches() == null ? List.of() : input.batches();
    Map<String, Integer> totals = new LinkedHashMap<>();
    double busySeconds = 0;
    int images = 0;
    for (IdentifyBatch.Identified batch : batches) {
      if (batch.counts() != null) {
        for (Map.Entry<String, Integer> e : batch.counts().entrySet()) {
          int n = e.getValue() == null ? 0 : e.getValue();
          totals.merge(e.getKey(), n, Integer::sum);
          images += n;
        }
      }
      busySeconds += batch.seconds();
    }
    Instant now = clock.instant();
    double wall = Math.max(1e-3, Duration.between(record.startedAt(), now).toMillis() / 1000.0);
    BulkFigures figures =
        new BulkFigures(
            record.bulk().prefix(),
            images,
            batches.size(),
            totals,
            wall,
            Math.round(images / wall * 10) / 10.0,
            busySeconds == 0 ? 0 : Math.round(images / busySeconds * 10) / 10.0);
    RunRecord done = record.finished(RunStatus.SUCCEEDED, now, figures, Optional.empty());
    runs.put(done);
    return new Finished(done.runId(), done.status(), done.modelVersion().orElse(""), figures);
  }
}
