package dev.menagerie.common.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.inference.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Identifications in DynamoDB (IdentificationsTable in template.yaml).
 *
 * <ul>
 *   <li>Table: pk = {@code <collection>#<modelVersion>}, sk = object key. One item per object and
 *       model version, so versions coexist and a redelivery finds its own result; the put is
 *       conditional on the item being absent or holding another ETag.
 *   <li>GSI byLabel: {@code labelKey} = {@code <collection>#<modelVersion>#<top-1 label>}, range =
 *       {@code confidence}: a label's objects ordered by confidence (look-alikes, by label).
 *   <li>GSI byScore: {@code scoreKey} = pk, range = {@code confidence}: lowest scores.
 * </ul>
 *
 * Both indexes are sparse: errors, missing objects and archived objects carry no {@code labelKey}
 * or {@code scoreKey}, so the filters never see them.
 */
public final class DynamoIdentificationStore implements IdentificationStore {
  public static final String BY_LABEL = "byLabel";
  public static final String BY_SCORE = "byScore";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> PREDICTIONS =
      new TypeReference<>() {};

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoIdentificationStore(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  static String partition(String collection, String modelVersion) {
    return collection + "#" + modelVersion;
  }

  @Override
  public boolean putIfNew(Identification identification) {
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(toItem(identification))
                  .conditionExpression("attribute_not_exists(pk) OR etag <> :etag")
                  .expressionAttributeValues(Map.of(":etag", s(identification.etag()))));
      return true;
    } catch (ConditionalCheckFailedException alreadyThere) {
      return false;
    }
  }

  @Override
  public Optional<Identification> get(String collection, String modelVersion, String objectKey) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(key(collection, modelVersion, objectKey))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public List<Identification> byCollection(String collection, String modelVersion, int limit) {
    return query(
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("pk = :pk")
            .expressionAttributeValues(Map.of(":pk", s(partition(collection, modelVersion))))
            .consistentRead(true),
        limit);
  }

  @Override
  public List<Identification> byLabel(
      String collection,
      String modelVersion,
      String label,
      double min,
      double max,
      boolean descending,
      int limit) {
    return query(
        QueryRequest.builder()
            .tableName(table)
            .indexName(BY_LABEL)
            .keyConditionExpression("labelKey = :k AND confidence BETWEEN :min AND :max")
            .expressionAttributeValues(
                Map.of(
                    ":k", s(partition(collection, modelVersion) + "#" + label),
                    ":min", n(min),
                    ":max", n(max)))
            .scanIndexForward(!descending),
        limit);
  }

  @Override
  public List<Identification> lowestScores(
      String collection, String modelVersion, double below, int limit) {
    return query(
        QueryRequest.builder()
            .tableName(table)
            .indexName(BY_SCORE)
            .keyConditionExpression("scoreKey = :k AND confidence < :below")
            .expressionAttributeValues(
                Map.of(":k", s(partition(collection, modelVersion)), ":below", n(below)))
            .scanIndexForward(true),
        limit);
  }

  @Override
  public void setArchived(
      String collection, String modelVersion, String objectKey, Optional<Instant> archivedAt) {
    Optional<Identification> current = get(collection, modelVersion, objectKey);
    if (current.isEmpty()) {
      return;
    }
    Identification was = current.get();
    Identification now =
        new Identification(
            was.collection(),
            was.objectKey(),
            was.etag(),
            was.modelVersion(),
            was.status(),
            was.topK(),
            was.errorCode(),
            was.errorMessage(),
            was.identifiedAt(),
            was.runId(),
            archivedAt);
    dynamo.putItem(b -> b.tableName(table).item(toItem(now)));
  }

  private List<Identification> query(QueryRequest.Builder request, int limit) {
    List<Identification> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder page = request.limit(Math.min(limit - out.size(), 1000));
      if (start != null) {
        page.exclusiveStartKey(start);
      } else {
        page.exclusiveStartKey(null);
      }
      var response = dynamo.query(page.build());
      response.items().forEach(item -> out.add(fromItem(item)));
      start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
      if (start != null && start.isEmpty()) {
        start = null;
      }
    } while (start != null && out.size() < limit);
    return out;
  }

  private static Map<String, AttributeValue> key(
      String collection, String modelVersion, String objectKey) {
    return Map.of("pk", s(partition(collection, modelVersion)), "sk", s(objectKey));
  }

  static Map<String, AttributeValue> toItem(Identification id) {
    String pk = partition(id.collection(), id.modelVersion());
    Map<String, AttributeValue> item =
        new HashMap<>(key(id.collection(), id.modelVersion(), id.objectKey()));
    item.put("collection", s(id.collection()));
    item.put("modelVersion", s(id.modelVersion()));
    item.put("etag", s(id.etag()));
    item.put("status", s(id.status().name()));
    item.put("identifiedAt", s(id.identifiedAt().toString()));
    id.errorCode().ifPresent(c -> item.put("errorCode", s(c)));
    id.errorMessage().ifPresent(m -> item.put("errorMessage", s(m)));
    id.runId().ifPresent(r -> item.put("runId", s(r)));
    id.archivedAt().ifPresent(t -> item.put("archivedAt", s(t.toString())));
    id.top()
        .ifPresent(
            top -> {
              List<Map<String, Object>> list = new ArrayList<>();
              id.topK()
                  .forEach(p -> list.add(Map.of("label", p.label(), "confidence", p.confidence())));
              try {
                item.put("topK", s(JSON.writeValueAsString(list)));
              } catch (JsonProcessingException e) {
                throw new IllegalStateException("predictions are always JSON", e);
              }
              item.put("label", s(top.label()));
              item.put(
                  "confidence",
                  AttributeValue.builder().n(Float.toString(top.confidence())).build());
              if (id.archivedAt().isEmpty()) {
                item.put("labelKey", s(pk + "#" + top.label()));
                item.put("scoreKey", s(pk));
              }
            });
    return item;
  }

  static Identification fromItem(Map<String, AttributeValue> item) {
    List<Prediction> topK = new ArrayList<>();
    if (item.containsKey("topK")) {
      try {
        for (Map<String, Object> p : JSON.readValue(item.get("topK").s(), PREDICTIONS)) {
          topK.add(
              new Prediction(
                  String.valueOf(p.get("label")), ((Number) p.get("confidence")).floatValue()));
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("identification " + item.get("sk").s() + " is corrupt", e);
      }
    }
    return new Identification(
        item.get("collection").s(),
        item.get("sk").s(),
        item.get("etag").s(),
        item.get("modelVersion").s(),
        Identification.Status.valueOf(item.get("status").s()),
        topK,
        optional(item, "errorCode"),
        optional(item, "errorMessage"),
        Instant.parse(item.get("identifiedAt").s()),
        optional(item, "runId"),
        optional(item, "archivedAt").map(Instant::parse));
  }

  private static Optional<String> optional(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  private static AttributeValue n(double value) {
    return AttributeValue.builder().n(Double.toString(value)).build();
  }
}
