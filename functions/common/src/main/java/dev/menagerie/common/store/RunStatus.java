package dev.menagerie.common.store;

/** Where a run stands. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED
}
