package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.pipeline.Scored;
import dev.menagerie.pipeline.steps.PrepareDataset.EvaluationItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The EvaluateShard state (one item of the Evaluate Map): scores every {@code shards}-th image of
 * the run's evaluation list (the test split and the benchmark sets, from {@code dataset.json}) with
 * the candidate and, when there is one, the production model; writes the scores to {@code
 * evaluation/shard-<k>.json} for Decide.
 */
public final class EvaluateShard
    implements PipelineStep<EvaluateShard.Input, EvaluateShard.Evaluated> {
  private final RunArtifacts artifacts;
  private final ShardScorer scorer;

  public EvaluateShard(
      RunArtifacts artifacts,
      ModelRegistry registry,
      ModelRepository repository,
      ImageDecoder decoder,
      long maxImageBytes) {
    this.artifacts = artifacts;
    this.scorer = new ShardScorer(artifacts, registry, repository, decoder, maxImageBytes);
  }

  /** The Map item's state ({@code run} and {@code shard}) and the shard again. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(RunState run, Shard shard) {}

  /** How many images of the shard were scored. */
  public record Evaluated(int shard, int images) {}

  /** What {@code dataset.json} holds for evaluation. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record DatasetFile(List<EvaluationItem> evaluation, String productionVersion) {}

  /** A shard's scores, as Decide reads them. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ShardScores(
      List<Scored> candidate,
      List<String> candidateLabels,
      String productionVersion,
      List<Scored> production,
      List<String> productionLabels) {}

  @Override
  public Evaluated run(Input input) throws IOException {
    RunState state = input.run() == null ? new RunState(null, null, null) : input.run();
    String runId = state.runId();
    String version = state.version();
    Shard at = input.shard() == null ? new Shard(null, null) : input.shard();
    int shard = at.shard() == null ? -1 : at.shard();
    int shards = at.shards() == null ? -1 : at.shards();
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "bad shard " + shard + " of " + shards);
    }
    DatasetFile dataset = artifacts.readJson(RunArtifacts.datasetKey(runId), DatasetFile.class);
    List<EvaluationItem> mine = new ArrayList<>();
    int index = 0;
    for (EvaluationItem item :
        dataset.evaluation() == null ? List.<EvaluationItem>of() : dataset.evaluation()) {
      if (index++ % shards == shard) {
        mine.add(item);
      }
    }
    String production = dataset.productionVersion();
    List<String> versions = production == null ? List.of(version) : List.of(version, production);
    List<ShardScorer.ModelScores> scores = scorer.score(versions, mine);
    ShardScorer.ModelScores candidate = scores.get(0);
    ShardScorer.ModelScores other = production == null ? null : scores.get(1);
    artifacts.putJson(
        RunArtifacts.shardKey(runId, shard),
        new ShardScores(
            candidate.scored(),
            candidate.labels(),
            production,
            other == null ? null : other.scored(),
            other == null ? null : other.labels()));
    return new Evaluated(shard, candidate.scored().size());
  }
}
