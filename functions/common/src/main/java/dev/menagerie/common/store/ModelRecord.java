package dev.menagerie.common.store;

import java.time.Instant;
import java.util.Map;
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
    Map<String, Object> metrics) {

  public ModelRecord {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(registeredAt, "registeredAt");
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  public ModelRecord withMetrics(Map<String, Object> newMetrics) {
    return new ModelRecord(
        version, status, location, architecture, parent, registeredAt, newMetrics);
  }

  public ModelRecord withStatus(ModelStatus newStatus) {
    return new ModelRecord(
        version, newStatus, location, architecture, parent, registeredAt, metrics);
  }
}
