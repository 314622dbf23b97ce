package dev.menagerie.common.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
  default void promote(String version, Optional<String> expectedCurrent) {
    promote(version, expectedCurrent, "promoted");
  }

  /** Sets the status of a version that is not the production one. */
  void setStatus(String version, ModelStatus status);

  /**
   * Promotes like {@link #promote(String, Optional)} and records {@code reason} in the promotion
   * log (written after the alias moved: the alias is the truth).
   */
  void promote(String version, Optional<String> expectedCurrent, String reason);

  /**
   * Moves the production alias back to the version it named before the current one (the current one
   * becomes RETIRED); CONFLICT when there is none or another promotion moved it meanwhile. Returns
   * the version now in production.
   */
  String rollback();

  /**
   * Changes a version's metrics (e.g. adds the pipeline's decision); NOT_FOUND when it is not
   * registered.
   */
  void updateMetrics(String version, UnaryOperator<ModelMetrics> change);

  /** Every promotion, oldest first. */
  List<Promotion> promotions();

  /** One move of the production alias. */
  record Promotion(Instant at, String version, Optional<String> previous, String reason) {}
}
