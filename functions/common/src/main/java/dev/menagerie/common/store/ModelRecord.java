package dev.menagerie.common.store;

import dev.menagerie.common.model.ModelCard;
import java.time.Instant;
import java.util.LinkedHashMap;
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

  /** The metrics key of the precision a model is served at ({@link ModelCard#precision}). */
  public static final String PRECISION = "precision";

  public ModelRecord {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(registeredAt, "registeredAt");
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  /** The registry's metrics of a model: its card's metrics and the precision it is served at. */
  public static Map<String, Object> metricsOf(ModelCard card) {
    Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
    metrics.put(PRECISION, card.precision());
    return metrics;
  }

  /** The precision the model is served at ({@code fp32} for models registered before it). */
  public String precision() {
    Object p = metrics.get(PRECISION);
    return p == null ? ModelCard.FP32 : p.toString();
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
