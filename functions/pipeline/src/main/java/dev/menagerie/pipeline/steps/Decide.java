package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.menagerie.common.store.DecisionSummary;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.pipeline.Decision;
import dev.menagerie.pipeline.RunRequest;
import dev.menagerie.pipeline.Scored;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Decide state: gathers every shard's scores and applies {@link Decision}; stores all the
 * figures in {@code evaluation.json}, and a summary (outcome, reasons, accuracy per set and model,
 * the paired comparison) with the run and the model.
 */
public final class Decide implements PipelineStep<RunState, Decide.Decided> {
  private final RunArtifacts artifacts;
  private final ModelRegistry registry;
  private final TrainingRuns runs;

  public Decide(RunArtifacts artifacts, ModelRegistry registry, TrainingRuns runs) {
    this.artifacts = artifacts;
    this.registry = registry;
    this.runs = runs;
  }

  /** The outcome (PROMOTE, REJECT or THROW_AWAY) and why. */
  public record Decided(String outcome, List<String> reasons) {}

  @Override
  public Decided run(RunState state) throws IOException {
    String runId = state.runId();
    String version = state.version();
    RunState.Dataset dataset = state.datasetOrEmpty();
    int shards = dataset.shards() == null ? 0 : dataset.shards().size();
    List<Scored> candidate = new ArrayList<>();
    List<Scored> production = new ArrayList<>();
    String productionVersion = dataset.productionVersion();
    List<String> candidateLabels = List.of();
    Optional<List<String>> productionLabels = Optional.empty();
    for (int k = 0; k < shards; k++) {
      EvaluateShard.ShardScores shard =
          artifacts.readJson(RunArtifacts.shardKey(runId, k), EvaluateShard.ShardScores.class);
      // every shard loaded the same two models; their labels come with the scores
      candidateLabels = shard.candidateLabels();
      if (shard.productionLabels() != null) {
        productionLabels = Optional.of(shard.productionLabels());
      }
      if (shard.candidate() != null) {
        candidate.addAll(shard.candidate());
      }
      if (shard.production() != null) {
        production.addAll(shard.production());
      }
    }
    RunRequest request = state.request();
    Decision decision =
        Decision.decide(
            request.throwAway(),
            candidateLabels,
            candidate,
            productionLabels,
            production,
            request.policy());
    artifacts.putJson(
        RunArtifacts.evaluationKey(runId),
        new EvaluationFile(
            decision.outcome().name(), decision.reasons(), productionVersion, decision.figures()));

    DecisionSummary summary = summary(decision, productionVersion, runId);
    registry.updateMetrics(version, metrics -> metrics.withDecision(summary));
    runs.update(runId, figures -> figures.withDecision(summary));
    return new Decided(decision.outcome().name(), decision.reasons());
  }

  /** {@code evaluation.json}: the outcome, why, against which version, and every figure. */
  record EvaluationFile(
      String outcome,
      List<String> reasons,
      String productionVersion,
      @JsonUnwrapped Decision.Figures figures) {}

  private DecisionSummary summary(Decision decision, String productionVersion, String runId) {
    Map<String, Map<String, DecisionSummary.SetFigures>> accuracy = new LinkedHashMap<>();
    decision
        .figures()
        .sets()
        .forEach(
            (set, models) -> {
              Map<String, DecisionSummary.SetFigures> figures = new LinkedHashMap<>();
              models.forEach(
                  (model, m) ->
                      figures.put(
                          model,
                          new DecisionSummary.SetFigures(
                              m.accuracy(), m.top5(), m.images(), m.ece())));
              accuracy.put(set, figures);
            });
    return new DecisionSummary(
        decision.outcome().name(),
        decision.reasons(),
        productionVersion,
        artifacts.uri(RunArtifacts.evaluationKey(runId)),
        accuracy,
        decision.figures().comparison());
  }
}
