package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.pipeline.RunRequest;
import java.util.List;

/**
 * The execution's state as the Tasks pass it to the steps ({@code "run.$": "$"}): the parts the
 * steps read, each where a state's ResultPath puts it. {@code run} is StartRun's result, {@code
 * dataset} what PrepareDataset's ResultSelector keeps, {@code training} Train's. Parts a step does
 * not need may be missing.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunState(StartedRun run, Dataset dataset, TrainingJobResult training) {

  /** The fields of {@code $.dataset} the later steps read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Dataset(
      List<String> labels, String baseVersion, String productionVersion, List<Shard> shards) {}

  /** The run's id; INVALID_PARAMETER when the state has none. */
  public String runId() {
    String runId = run == null || run.runId() == null ? "" : run.runId();
    if (runId.isEmpty()) {
      throw new MenagerieException(ErrorCode.INVALID_PARAMETER, "the state has no run.runId");
    }
    return runId;
  }

  /** The candidate's version ("" when the state has none). */
  public String version() {
    return run == null || run.version() == null ? "" : run.version();
  }

  /** The run's input, validated again (it passed at start). */
  public RunRequest request() {
    return RunRequest.parse(run == null ? null : run.request());
  }

  /** {@code $.dataset}, empty when the state has none. */
  public Dataset datasetOrEmpty() {
    return dataset == null ? new Dataset(List.of(), null, null, List.of()) : dataset;
  }
}
