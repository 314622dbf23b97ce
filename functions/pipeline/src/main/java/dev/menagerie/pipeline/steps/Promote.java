package dev.menagerie.pipeline.steps;

import dev.menagerie.common.store.ModelRegistry;
import java.util.Optional;

/**
 * The Promote state: points the production alias at the candidate, on the condition that it still
 * names the version seen at prepare (so a run never overwrites a promotion it did not compare
 * with), and finishes the run PROMOTED.
 */
public final class Promote implements PipelineStep<RunState, Promote.Promoted> {
  private final ModelRegistry registry;
  private final TrainingRuns runs;

  public Promote(ModelRegistry registry, TrainingRuns runs) {
    this.registry = registry;
    this.runs = runs;
  }

  /** The promoted version and the one it replaced ("" when there was none). */
  public record Promoted(String version, String outcome, String previous) {}

  @Override
  public Promoted run(RunState state) {
    String runId = state.runId();
    String version = state.version();
    Optional<String> expected = Optional.ofNullable(state.datasetOrEmpty().productionVersion());
    registry.promote(version, expected, "training run " + runId);
    runs.succeeded(runId, "PROMOTED", figures -> figures);
    return new Promoted(version, "PROMOTED", expected.orElse(""));
  }
}
