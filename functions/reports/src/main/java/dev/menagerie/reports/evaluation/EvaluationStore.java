package dev.menagerie.reports.evaluation;

import java.time.LocalDate;
import java.util.List;

/** Manual evaluations: at most one per (transaction, evaluator). */
public interface EvaluationStore {
  /** Creates or replaces the evaluation of this transaction by this evaluator. */
  void put(Evaluation evaluation);

  /** Every evaluation of one transaction. */
  List<Evaluation> forTransaction(String requestId);

  /** Every evaluation of the transactions of one UTC day. */
  List<Evaluation> listDay(LocalDate transactionDay);
}
