package dev.menagerie.pipeline.steps;

import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelStatus;

/** The Reject state: marks the candidate REJECTED and finishes the run REJECTED. */
public final class Reject implements PipelineStep<RunState, Reject.Rejected> {
  private final ModelRegistry registry;
  private final TrainingRuns runs;

  public Reject(ModelRegistry registry, TrainingRuns runs) {
    this.registry = registry;
    this.runs = runs;
  }

  public record Rejected(String version, String outcome) {}

  @Override
  public Rejected run(RunState state) {
    String runId = state.runId();
    String version = state.version();
    registry.setStatus(version, ModelStatus.REJECTED);
    runs.succeeded(runId, "REJECTED", figures -> figures);
    return new Rejected(version, "REJECTED");
  }
}
