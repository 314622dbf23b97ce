package dev.menagerie.common.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A training or bulk run, for the engineer and the dashboard. {@code runId} sorts by start time
 * (start it with the UTC start time, e.g. {@code 2026-11-29T14-50-00Z-a1b2}); {@code figures} holds
 * what the run measured (counts, accuracies, images per second) as free-form JSON values.
 */
public record RunRecord(
    RunKind kind,
    String runId,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Optional<String> modelVersion,
    Map<String, Object> figures,
    Optional<String> error) {

  public RunRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(modelVersion, "modelVersion");
    figures = figures == null ? Map.of() : Map.copyOf(figures);
    Objects.requireNonNull(error, "error");
  }

  /** The record of a run that has just started (RUNNING, no end, no error). */
  public static RunRecord running(
      RunKind kind,
      String runId,
      Instant startedAt,
      String modelVersion,
      Map<String, Object> figures) {
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

  /**
   * For a training run: the model it warm-started from, {@code "scratch"} for a run from scratch,
   * or empty before its dataset was prepared.
   */
  public Optional<String> base() {
    if (!(figures.get("dataset") instanceof Map<?, ?> dataset)) {
      return Optional.empty();
    }
    Object base = dataset.get("baseVersion");
    return Optional.of(base == null ? "scratch" : base.toString());
  }

  /**
   * For a training run: "epochs run/budget" (e.g. {@code 24/24}, or {@code 19/40} after an early
   * stop), whichever of the two is known, or empty.
   */
  public Optional<String> epochs() {
    Object run =
        figures.get("training") instanceof Map<?, ?> training ? training.get("epochsRun") : null;
    Object budget =
        figures.get("dataset") instanceof Map<?, ?> dataset ? dataset.get("epochBudget") : null;
    if (run == null && budget == null) {
      return Optional.empty();
    }
    return Optional.of(
        (run == null ? "-" : number(run)) + "/" + (budget == null ? "-" : number(budget)));
  }

  /** How long the run took (start to end), once it has ended. */
  public Optional<java.time.Duration> duration() {
    return endedAt.map(end -> java.time.Duration.between(startedAt, end));
  }

  private static String number(Object value) {
    return value instanceof Number n ? Long.toString(n.longValue()) : value.toString();
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
      RunStatus newStatus, Instant at, Map<String, Object> newFigures, Optional<String> failure) {
    return new RunRecord(
        kind, runId, newStatus, startedAt, Optional.of(at), modelVersion, newFigures, failure);
  }
}
