package dev.menagerie.common.store;

/** What a run is: a training run (state machine) or a bulk identification run. */
public enum RunKind {
  TRAINING,
  BULK
}
