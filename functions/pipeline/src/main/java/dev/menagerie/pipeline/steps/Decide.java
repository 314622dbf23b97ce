package dev.menagerie.pipeline.steps;

import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.pipeline.Decision;
import dev.menagerie.pipeline.Metrics;
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
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("outcome", decision.outcome().name());
    stored.put("reasons", decision.reasons());
    stored.put("productionVersion", productionVersion);
    stored.putAll(decision.figures());
    artifacts.putJson(RunArtifacts.evaluationKey(runId), stored);

    Map<String, Object> summary = summary(decision, productionVersion, runId);
    registry.addMetrics(version, Map.of("decision", summary));
    runs.update(runId, f -> f.put("decision", summary));
    return new Decided(decision.outcome().name(), decision.reasons());
  }

  private Map<String, Object> summary(Decision decision, String productionVersion, String runId) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("outcome", decision.outcome().name());
    summary.put("reasons", decision.reasons());
    summary.put("against", productionVersion);
    summary.put("evaluation", artifacts.uri(RunArtifacts.evaluationKey(runId)));
    Map<String, Object> accuracy = new LinkedHashMap<>();
    Object sets = decision.figures().get("sets");
    if (sets instanceof Map<?, ?> bySet) {
      bySet.forEach(
          (set, models) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            ((Map<?, ?>) models)
                .forEach(
                    (model, metrics) -> {
                      Metrics m = (Metrics) metrics;
                      figures.put(
                          String.valueOf(model),
                          Map.of(
                              "accuracy",
                              m.accuracy(),
                              "top5",
                              m.top5(),
                              "images",
                              m.images(),
                              "ece",
                              m.ece()));
                    });
            accuracy.put(String.valueOf(set), figures);
          });
    }
    summary.put("sets", accuracy);
    if (decision.figures().get("comparison") != null) {
      summary.put("comparison", decision.figures().get("comparison"));
    }
    return summary;
  }
}
