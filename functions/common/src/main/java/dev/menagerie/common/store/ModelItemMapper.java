package dev.menagerie.common.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps {@link ModelRecord} to and from a Models table item (pk "MODEL", sk = version). */
final class ModelItemMapper {
  static final String PK = "pk";
  static final String SK = "sk";
  static final String MODEL_PARTITION = "MODEL";
  static final String ALIAS_PARTITION = "ALIAS";
  static final String PRODUCTION_ALIAS = "production";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelItemMapper() {}

  static Map<String, AttributeValue> key(String version) {
    return Map.of(PK, s(MODEL_PARTITION), SK, s(version));
  }

  static Map<String, AttributeValue> aliasKey() {
    return Map.of(PK, s(ALIAS_PARTITION), SK, s(PRODUCTION_ALIAS));
  }

  static Map<String, AttributeValue> toItem(ModelRecord m) {
    Map<String, AttributeValue> item = new HashMap<>(key(m.version()));
    item.put("version", s(m.version()));
    item.put("status", s(m.status().name()));
    item.put("location", s(m.location()));
    item.put("architecture", s(m.architecture()));
    m.parent().ifPresent(p -> item.put("parent", s(p)));
    item.put("registeredAt", s(m.registeredAt().toString()));
    try {
      item.put("metrics", s(JSON.writeValueAsString(m.metrics())));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metrics of " + m.version() + " are not JSON", e);
    }
    return item;
  }

  static ModelRecord fromItem(Map<String, AttributeValue> item) {
    ModelMetrics metrics;
    try {
      metrics = JSON.readValue(item.get("metrics").s(), ModelMetrics.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored metrics of " + item.get(SK).s() + " are not JSON", e);
    }
    AttributeValue parent = item.get("parent");
    return new ModelRecord(
        item.get("version").s(),
        ModelStatus.valueOf(item.get("status").s()),
        item.get("location").s(),
        item.get("architecture").s(),
        parent == null ? Optional.empty() : Optional.of(parent.s()),
        Instant.parse(item.get("registeredAt").s()),
        metrics);
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
