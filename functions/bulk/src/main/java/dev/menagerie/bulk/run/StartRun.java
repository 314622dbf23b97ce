package dev.menagerie.bulk.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.task.TaskStep;
import java.time.Clock;
import java.time.Instant;

/**
 * The StartRun state: checks the prefix is under {@code inbox/} (default {@code inbox/}), picks the
 * model version (the one named, else production; it must exist), names the run and records it
 * RUNNING.
 */
public final class StartRun implements TaskStep<StartRun.Input, BulkRun> {
  private final ModelRegistry registry;
  private final BulkRuns runs;
  private final Clock clock;

  public StartRun(ModelRegistry registry, BulkRuns runs, Clock clock) {
    this.registry = registry;
    this.runs = runs;
    this.clock = clock;
  }

  /** The Payload: the execution's input. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(Request input) {}

  /** The execution's input: {@code {"prefix": "inbox/<collection>/", "modelVersion": "v"}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Request(String prefix, String modelVersion) {}

  @Override
  public BulkRun run(Input in) {
    Request request = in.input() == null ? new Request(null, null) : in.input();
    String prefix = request.prefix() == null ? "inbox/" : request.prefix();
    if (!prefix.startsWith("inbox/")) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "prefix must be under inbox/, was '" + prefix + "'");
    }
    String version =
        request.modelVersion() != null && !request.modelVersion().isBlank()
            ? request.modelVersion()
            : registry
                .productionVersion()
                .orElseThrow(
                    () ->
                        new MenagerieException(
                            ErrorCode.NO_PRODUCTION_MODEL,
                            "no production model; name a modelVersion"));
    if (registry.get(version).isEmpty()) {
      throw new MenagerieException(ErrorCode.NOT_FOUND, "no model version " + version);
    }
    Instant now = clock.instant();
    String runId = RunRecord.newRunId(now);
    runs.put(RunRecord.running(RunKind.BULK, runId, now, version, BulkFigures.started(prefix)));
    return new BulkRun(runId, version, prefix, now.toString());
  }
}
