package dev.menagerie.pipeline.steps;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.store.RunStore;
import dev.menagerie.common.store.TrainingFigures;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
  public void started(String runId, String version, Instant startedAt, TrainingFigures figures) {
    runs.put(RunRecord.running(RunKind.TRAINING, runId, startedAt, version, figures));
  }

  /** Applies {@code change} to the run's figures; the status stays. */
  public void update(String runId, UnaryOperator<TrainingFigures> change) {
    RunRecord run = get(runId);
    runs.put(run.withFigures(change.apply(run.training())));
  }

  /** Finishes the run SUCCEEDED with its {@code outcome} and what {@code change} adds. */
  public void succeeded(String runId, String outcome, UnaryOperator<TrainingFigures> change) {
    RunRecord run = get(runId);
    TrainingFigures figures = change.apply(run.training().withOutcome(outcome));
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
