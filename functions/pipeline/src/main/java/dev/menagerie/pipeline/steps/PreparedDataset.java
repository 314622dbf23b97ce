package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.menagerie.common.store.DatasetSummary;
import java.util.List;

/**
 * PrepareDataset's result: the dataset's summary (its fields at the top level), the evaluation
 * shards for the Evaluate Map state, and the training job's settings for the Train state.
 */
public record PreparedDataset(
    @JsonUnwrapped DatasetSummary summary, List<Shard> shards, TrainingJob training) {}
