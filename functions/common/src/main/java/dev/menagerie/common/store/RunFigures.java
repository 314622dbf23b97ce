package dev.menagerie.common.store;

/**
 * What a run measured, by kind: {@link TrainingFigures} for a training run, {@link BulkFigures} for
 * a bulk run. Stored as the JSON object of the record (the Runs table's {@code figures}).
 */
public sealed interface RunFigures permits TrainingFigures, BulkFigures {

  /** The figures of a run of {@code kind} that has recorded nothing yet. */
  static RunFigures none(RunKind kind) {
    return switch (kind) {
      case TRAINING -> TrainingFigures.NONE;
      case BULK -> BulkFigures.NONE;
    };
  }

  /** The record a run of {@code kind} keeps its figures in. */
  static Class<? extends RunFigures> typeOf(RunKind kind) {
    return switch (kind) {
      case TRAINING -> TrainingFigures.class;
      case BULK -> BulkFigures.class;
    };
  }
}
