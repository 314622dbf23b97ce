package dev.menagerie.pipeline.steps;

import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.task.TaskRoute;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table from a Task's {@code action} to its step: which part of the Payload the step takes
 * ({@code run}, the execution's state, or the whole Payload), the records it takes and returns, and
 * the step. The ASL contract test reads the same table.
 */
public final class PipelineSteps {
  /** The part of the Payload bound to a step's input: the whole Payload, or its {@code run}. */
  public static final String WHOLE_PAYLOAD = TaskRoute.WHOLE_PAYLOAD;

  public static final String STATE = "run";

  private PipelineSteps() {}

  /** What the steps work with. */
  public record Collaborators(
      RunArtifacts artifacts,
      ModelRegistry registry,
      ModelRepository repository,
      TrainingRuns runs,
      ImageDecoder decoder,
      long maxImageBytes) {}

  /** The actions in the order the state machine runs them. */
  public static Map<String, TaskRoute<?, ?>> table(Collaborators c) {
    Map<String, TaskRoute<?, ?>> table = new LinkedHashMap<>();
    table.put(
        "start",
        new TaskRoute<>(
            WHOLE_PAYLOAD, StartRun.Input.class, StartedRun.class, new StartRun(c.runs())));
    table.put(
        "prepare",
        new TaskRoute<>(
            STATE,
            RunState.class,
            PreparedDataset.class,
            new PrepareDataset(c.artifacts(), c.registry(), c.repository(), c.runs())));
    table.put(
        "register",
        new TaskRoute<>(
            STATE,
            RunState.class,
            RegisterCandidate.Registered.class,
            new RegisterCandidate(c.artifacts(), c.registry(), c.repository(), c.runs())));
    table.put(
        "evaluate",
        new TaskRoute<>(
            WHOLE_PAYLOAD,
            EvaluateShard.Input.class,
            EvaluateShard.Evaluated.class,
            new EvaluateShard(
                c.artifacts(), c.registry(), c.repository(), c.decoder(), c.maxImageBytes())));
    table.put(
        "decide",
        new TaskRoute<>(
            STATE,
            RunState.class,
            Decide.Decided.class,
            new Decide(c.artifacts(), c.registry(), c.runs())));
    table.put(
        "promote",
        new TaskRoute<>(
            STATE, RunState.class, Promote.Promoted.class, new Promote(c.registry(), c.runs())));
    table.put(
        "reject",
        new TaskRoute<>(
            STATE, RunState.class, Reject.Rejected.class, new Reject(c.registry(), c.runs())));
    table.put(
        "throwAway",
        new TaskRoute<>(
            STATE,
            RunState.class,
            MarkThrowAway.Marked.class,
            new MarkThrowAway(c.artifacts(), c.registry())));
    table.put(
        "finish",
        new TaskRoute<>(
            WHOLE_PAYLOAD,
            FinishThrowAway.Input.class,
            FinishThrowAway.Finished.class,
            new FinishThrowAway(c.runs())));
    table.put(
        "fail",
        new TaskRoute<>(
            WHOLE_PAYLOAD,
            RecordFailure.Input.class,
            RecordFailure.Recorded.class,
            new RecordFailure(c.registry(), c.runs())));
    return table;
  }
}
