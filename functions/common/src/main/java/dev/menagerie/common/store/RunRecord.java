package dev.menagerie.common.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A training or bulk run, for the engineer and the dashboard. {@code runId} sorts by start time
 * (start it with the UTC start time, e.g. {@code 2026-11-29T14-50-00Z-a1b2}); {@code figures} holds
 * what the run measured, in the record of its kind ({@link TrainingFigures}, {@link BulkFigures}).
 */
public record RunRecord(
    RunKind kind,
    String runId,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Optional<String> modelVersion,
    RunFigures figures,
    Optional<String> error) {

  public RunRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(modelVersion, "modelVersion");
    figures = figures == null ? RunFigures.none(kind) : figures;
    if (!RunFigures.typeOf(kind).isInstance(figures)) {
      throw new IllegalArgumentException(
          "a " + kind + " run's figures must be " + RunFigures.typeOf(kind).getSimpleName());
    }
    Objects.requireNonNull(error, "error");
  }

  /** The record of a run that has just started (RUNNING, no end, no error). */
  public static RunRecord running(
      RunKind kind, String runId, Instant startedAt, String modelVersion, RunFigures figures) {
    return new RunRecord(
        kind,
        runId,
        RunStatus.RUNNING,
        startedAt,
        Optional.empty(),
        Optional.of(modelVersion),
        figures,
        Optional.empty());
  }

  /** A training run's figures; IllegalStateException for a bulk run. */
  public TrainingFigures training() {
    if (figures instanceof TrainingFigures training) {
      return training;
    }
    throw new IllegalStateException("run " + runId + " is a " + kind + " run, not a training run");
  }

  /** A bulk run's figures; IllegalStateException for a training run. */
  public BulkFigures bulk() {
    if (figures instanceof BulkFigures bulk) {
      return bulk;
    }
    throw new IllegalStateException("run " + runId + " is a " + kind + " run, not a bulk run");
  }

  /**
   * For a training run: the model it warm-started from, {@code "scratch"} for a run from scratch,
   * or empty before its dataset was prepared (and for a bulk run).
   */
  public Optional<String> base() {
    return figures instanceof TrainingFigures training && training.dataset() != null
        ? Optional.of(
            training.dataset().baseVersion() == null ? "scratch" : training.dataset().baseVersion())
        : Optional.empty();
  }

  /**
   * For a training run: "epochs run/budget" (e.g. {@code 24/24}, or {@code 19/40} after an early
   * stop), whichever of the two is known, or empty.
   */
  public Optional<String> epochs() {
    if (!(figures instanceof TrainingFigures training)) {
      return Optional.empty();
    }
    Integer run = training.training() == null ? null : training.training().epochsRun();
    Integer budget = training.dataset() == null ? null : training.dataset().epochBudget();
    if (run == null && budget == null) {
      return Optional.empty();
    }
    return Optional.of((run == null ? "-" : run) + "/" + (budget == null ? "-" : budget));
  }

  /** How long the run took (start to end), once it has ended. */
  public Optional<java.time.Duration> duration() {
    return endedAt.map(end -> java.time.Duration.between(startedAt, end));
  }

  /** A run id that sorts by start time: {@code 2026-11-29T14-50-00Z-a1b2c3d4}. */
  public static String newRunId(Instant startedAt) {
    return RUN_TIME.format(startedAt)
        + "-"
        + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  private static final java.time.format.DateTimeFormatter RUN_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  public RunRecord finished(
      RunStatus newStatus, Instant at, RunFigures newFigures, Optional<String> failure) {
    return new RunRecord(
        kind, runId, newStatus, startedAt, Optional.of(at), modelVersion, newFigures, failure);
  }

  public RunRecord withFigures(RunFigures newFigures) {
    return new RunRecord(kind, runId, status, startedAt, endedAt, modelVersion, newFigures, error);
  }
}
