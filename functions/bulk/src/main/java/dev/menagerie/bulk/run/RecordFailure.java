package dev.menagerie.bulk.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.task.CaughtError;
import dev.menagerie.common.task.TaskStep;
import java.time.Clock;
import java.util.Optional;

/**
 * The RecordFailure state (the Map's Catch leads here): records the run FAILED with the error as
 * {@code Error: Cause}, keeping the figures it had.
 */
public final class RecordFailure implements TaskStep<RecordFailure.Input, RecordFailure.Recorded> {
  private final BulkRuns runs;
  private final Clock clock;

  public RecordFailure(BulkRuns runs, Clock clock) {
    this.runs = runs;
    this.clock = clock;
  }

  /** The Payload: the run and what the Catch put in {@code $.error}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(BulkRun run, CaughtError error) {}

  /** The failed run. */
  public record Recorded(String runId, RunStatus status) {}

  @Override
  public Recorded run(Input input) {
    RunRecord record = runs.current(input.run());
    CaughtError error = input.error() == null ? CaughtError.NONE : input.error();
    String cause =
        (error.error() == null ? "" : error.error())
            + ": "
            + (error.cause() == null ? "" : error.cause());
    runs.put(
        record.finished(RunStatus.FAILED, clock.instant(), record.figures(), Optional.of(cause)));
    return new Recorded(record.runId(), RunStatus.FAILED);
  }
}
