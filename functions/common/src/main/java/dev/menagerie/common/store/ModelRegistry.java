package dev.menagerie.common.store;

import java.util.List;
import java.util.Optional;

/** The model versions and the production alias. */
public interface ModelRegistry {
  /** Adds a version; fails with CONFLICT if it is already registered. */
  void register(ModelRecord model);

  Optional<ModelRecord> get(String version);

  /** Every version, in version order. */
  List<ModelRecord> list();

  /** The version the production alias names, if any. */
  Optional<String> productionVersion();

  /**
   * Moves the production alias to {@code version} only if it still names {@code expectedCurrent}
   * (empty: only if there is no alias yet). Exactly one of two racing promotions wins; the loser
   * gets CONFLICT. The new version is marked PRODUCTION and the previous one RETIRED.
   */
  void promote(String version, Optional<String> expectedCurrent);

  /** Sets the status of a version that is not the production one. */
  void setStatus(String version, ModelStatus status);
}
