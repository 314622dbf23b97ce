package dev.menagerie.common.store;

/** Where a model version stands. Only the production alias decides what is served. */
public enum ModelStatus {
  CANDIDATE,
  PRODUCTION,
  THROW_AWAY,
  REJECTED,
  RETIRED
}
