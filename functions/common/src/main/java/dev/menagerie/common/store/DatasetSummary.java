package dev.menagerie.common.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * What PrepareDataset found and chose, as the run record, {@code dataset.json} and the state
 * machine see it: the classes in the run, the counts per class and origin, the classes left below
 * the cutoff, the split sizes, the base of a warm start, the epoch budget, the production model the
 * candidate will be compared with, and notes for the engineer.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetSummary(
    List<String> labels,
    int classCount,
    Map<String, Integer> counts,
    Map<String, Integer> belowCutoff,
    List<String> justBelowCutoff,
    Sizes sizes,
    Map<String, Integer> benchmarks,
    Map<String, Map<String, Integer>> origins,
    String baseVersion,
    int epochBudget,
    String productionVersion,
    List<String> notes) {

  /** The number of images in each split. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Sizes(int train, int validation, int test) {}
}
