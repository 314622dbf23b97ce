package dev.menagerie.common.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's decision on a candidate, as the registry and the run record keep it: the outcome
 * and why, the production version it was judged against (null for none), where the full figures are
 * ({@code evaluation.json}), accuracy per evaluation set and model ({@code candidate}, {@code
 * production}), and the paired comparison when both models were scored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionSummary(
    String outcome,
    List<String> reasons,
    String against,
    String evaluation,
    Map<String, Map<String, SetFigures>> sets,
    @JsonInclude(JsonInclude.Include.NON_NULL) Comparison comparison) {

  public DecisionSummary {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    sets = sets == null ? Map.of() : sets;
  }

  /** One model's figures on one evaluation set. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SetFigures(double accuracy, double top5, int images, double ece) {}

  /**
   * The paired comparison on the images of the classes both models know: accuracies, the images
   * only one model got right, McNemar's p, and the classes whose recall dropped too far (null when
   * there was nothing to compare).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Comparison(
      List<String> commonClasses,
      int images,
      double candidateAccuracy,
      double productionAccuracy,
      int candidateOnlyCorrect,
      int productionOnlyCorrect,
      double mcnemarP,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> regressedClasses) {}

  /** The candidate's accuracy on each set, in the sets' order ("-" parts left out). */
  public List<Double> candidateAccuracies() {
    return sets.values().stream()
        .map(byModel -> byModel.get("candidate"))
        .filter(java.util.Objects::nonNull)
        .map(SetFigures::accuracy)
        .toList();
  }

  /** The candidate's figures on one set, if it was scored on it. */
  public java.util.Optional<SetFigures> candidateOn(String set) {
    return java.util.Optional.ofNullable(sets.get(set)).map(byModel -> byModel.get("candidate"));
  }
}
