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
