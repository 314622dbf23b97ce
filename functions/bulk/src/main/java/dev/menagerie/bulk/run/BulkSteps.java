package dev.menagerie.bulk.run;

import dev.menagerie.bulk.BulkIdentifier;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.store.RunStore;
import dev.menagerie.common.task.TaskRoute;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table from a bulk-identify Task's {@code action} to its step: each step takes the whole
 * Payload as its input record and returns its output record. The ASL contract test reads the same
 * table.
 */
public final class BulkSteps {
  private BulkSteps() {}

  /** What the steps work with. */
  public record Collaborators(
      ModelRegistry registry,
      ModelRepository repository,
      BulkIdentifier identifier,
      RunStore runs,
      Clock clock) {}

  /** The actions in the order the state machine runs them. */
  public static Map<String, TaskRoute<?, ?>> table(Collaborators c) {
    BulkRuns runs = new BulkRuns(c.runs());
    Map<String, TaskRoute<?, ?>> table = new LinkedHashMap<>();
    table.put(
        "start",
        TaskRoute.of(
            StartRun.Input.class, BulkRun.class, new StartRun(c.registry(), runs, c.clock())));
    table.put(
        "identify",
        TaskRoute.of(
            IdentifyBatch.Input.class,
            IdentifyBatch.Identified.class,
            new IdentifyBatch(c.registry(), c.repository(), c.identifier(), c.clock())));
    table.put(
        "finish",
        TaskRoute.of(
            FinishRun.Input.class, FinishRun.Finished.class, new FinishRun(runs, c.clock())));
    table.put(
        "fail",
        TaskRoute.of(
            RecordFailure.Input.class,
            RecordFailure.Recorded.class,
            new RecordFailure(runs, c.clock())));
    return table;
  }
}
