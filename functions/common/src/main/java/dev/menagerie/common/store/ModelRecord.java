package dev.menagerie.common.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A model version in the registry: where its files are and how it stands. */
public record ModelRecord(
    String version,
    ModelStatus status,
    String location,
    String architecture,
    Optional<String> parent,
    Instant registeredAt,
    ModelMetrics metrics) {

  public ModelRecord {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(registeredAt, "registeredAt");
    metrics = metrics == null ? ModelMetrics.NONE : metrics;
  }

  /** The precision the model is served at ({@code fp32} for models registered before it). */
  public String precision() {
    return metrics.servedPrecision();
  }

  public ModelRecord withMetrics(ModelMetrics newMetrics) {
    return new ModelRecord(
        version, status, location, architecture, parent, registeredAt, newMetrics);
  }

  public ModelRecord withStatus(ModelStatus newStatus) {
    return new ModelRecord(
        version, newStatus, location, architecture, parent, registeredAt, metrics);
  }
}
