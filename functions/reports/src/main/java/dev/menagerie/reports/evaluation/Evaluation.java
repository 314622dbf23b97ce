package dev.menagerie.reports.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One evaluator's judgement of one transaction. What was predicted (model version, top label and
 * its confidence) and the transaction's day are copied from the transaction when the evaluation is
 * recorded, so a day's accuracy is one Query on the evaluations, with no join.
 */
public record Evaluation(
    String requestId,
    String evaluator,
    Verdict verdict,
    Optional<String> correctLabel,
    Instant evaluatedAt,
    LocalDate transactionDay,
    String modelVersion,
    String predictedLabel,
    double confidence) {

  public Evaluation {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(correctLabel, "correctLabel");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    Objects.requireNonNull(transactionDay, "transactionDay");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(predictedLabel, "predictedLabel");
  }

  /**
   * The true label when the evaluator could judge: the prediction if correct, else the named one.
   */
  public Optional<String> actualLabel() {
    return switch (verdict) {
      case CORRECT -> Optional.of(predictedLabel);
      case INCORRECT -> correctLabel;
      case UNUSABLE -> Optional.empty();
    };
  }
}
