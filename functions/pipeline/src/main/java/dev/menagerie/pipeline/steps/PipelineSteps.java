package dev.menagerie.pipeline.steps;

import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table from a Task's {@code action} to its step: which part of the Payload the step takes
 * ({@code run}, the execution's state, or the whole Payload), the records it takes and returns, and
 * the step. The ASL contract test reads the same table.
 */
public final class PipelineSteps {
  /** The part of the Payload bound to a step's input: the whole Payload, or its {@code run}. */
  public static final String WHOLE_PAYLOAD = "";

  public static final String STATE = "run";

  private PipelineSteps() {}

  /** One action: {@code part} of the Payload bound to {@code input}; {@code output} returned. */
  public record Route<I, O>(
      String part, Class<I> input, Class<O> output, PipelineStep<I, O> step) {}

  /** What the steps work with. */
  public record Collaborators(
      RunArtifacts artifacts,
      ModelRegistry registry,
      ModelRepository repository,
      TrainingRuns runs,
      ImageDecoder decoder,
      long maxImageBytes) {}

  /** The actions in the order the state machine runs them. */
  public static Map<String, Route<?, ?>> table(Collaborators c) {
    Map<String, Route<?, ?>> table = new LinkedHashMap<>();
    table.put(
        "start",
        new Route<>(WHOLE_PAYLOAD, StartRun.Input.class, StartedRun.class, new StartRun(c.runs())));
    table.put(
        "prepare",
        new Route<>(
            STATE,
            RunState.class,
            PreparedDataset.class,
            new PrepareDataset(c.artifacts(), c.registry(), c.repository(), c.runs())));
    table.put(
        "register",
        new Route<>(
            STATE,
            RunState.class,
            RegisterCandidate.Registered.class,
            new RegisterCandidate(c.artifacts(), c.registry(), c.repository(), c.runs())));
    table.put(
        "evaluate",
        new Route<>(
            WHOLE_PAYLOAD,
            EvaluateShard.Input.class,
            EvaluateShard.Evaluated.class,
            new EvaluateShard(
                c.artifacts(), c.registry(), c.repository(), c.decoder(), c.maxImageBytes())));
    table.put(
        "decide",
        new Route<>(
            STATE,
            RunState.class,
            Decide.Decided.class,
            new Decide(c.artifacts(), c.registry(), c.runs())));
    table.put(
        "promote",
        new Route<>(
            STATE, RunState.class, Promote.Promoted.class, new Promote(c.registry(), c.runs())));
    table.put(
        "reject",
        new Route<>(
            STATE, RunState.class, Reject.Rejected.class, new Reject(c.registry(), c.runs())));
    table.put(
        "throwAway",
        new Route<>(
            STATE,
            RunState.class,
            MarkThrowAway.Marked.class,
            new MarkThrowAway(c.artifacts(), c.registry())));
    table.put(
        "finish",
        new Route<>(
            WHOLE_PAYLOAD,
            FinishThrowAway.Input.class,
            FinishThrowAway.Finished.class,
            new FinishThrowAway(c.runs())));
    table.put(
        "fail",
        new Route<>(
            WHOLE_PAYLOAD,
            RecordFailure.Input.class,
            RecordFailure.Recorded.class,
            new RecordFailure(c.registry(), c.runs())));
    return table;
  }
}
