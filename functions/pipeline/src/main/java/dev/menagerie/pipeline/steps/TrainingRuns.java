package dev.menagerie.pipeline.steps;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.store.RunStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The training run's record in the Runs table, as the steps keep it: started RUNNING, figures added
 * step by step (dataset, training, decision), finished SUCCEEDED with its outcome or FAILED with
 * the error.
 */
public final class TrainingRuns {
  private final RunStore runs;
  private final Clock clock;

  public TrainingRuns(RunStore runs, Clock clock) {
    this.runs = runs;
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /** Records a run that has just started. */
  public void started(
      String runId, String version, Instant startedAt, Map<String, Object> figures) {
    runs.put(RunRecord.running(RunKind.TRAINING, runId, startedAt, version, figures));
  }

  /** Applies {@code change} to the run's figures; the status stays. */
  public void update(String runId, Consumer<Map<String, Object>> change) {
    RunRecord run = get(runId);
    Map<String, Object> figures = new LinkedHashMap<>(run.figures());
    change.accept(figures);
    runs.put(
        new RunRecord(
            run.kind(),
            run.runId(),
            run.status(),
            run.startedAt(),
            run.endedAt(),
            run.modelVersion(),
            figures,
            run.error()));
  }

  /** Finishes the run SUCCEEDED with its {@code outcome} and {@code extra} figures. */
  public void succeeded(String runId, String outcome, Map<String, Object> extra) {
    RunRecord run = get(runId);
    Map<String, Object> figures = new LinkedHashMap<>(run.figures());
    figures.put("outcome", outcome);
    figures.putAll(extra);
    runs.put(run.finished(RunStatus.SUCCEEDED, clock.instant(), figures, Optional.empty()));
  }

  /** Finishes the run FAILED with {@code message}, if it was recorded at all. */
  public void failed(String runId, String message) {
    runs.get(RunKind.TRAINING, runId)
        .ifPresent(
            run ->
                runs.put(
                    run.finished(
                        RunStatus.FAILED, clock.instant(), run.figures(), Optional.of(message))));
  }

  private RunRecord get(String runId) {
    return runs.get(RunKind.TRAINING, runId)
        .orElseThrow(() -> new MenagerieException(ErrorCode.NOT_FOUND, "no training run " + runId));
  }
}
