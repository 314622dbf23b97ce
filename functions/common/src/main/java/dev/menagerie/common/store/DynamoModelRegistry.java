package dev.menagerie.common.store;

import static dev.menagerie.common.store.ModelItemMapper.s;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The registry in DynamoDB. Versions are items under pk "MODEL"; the production alias is one item
 * (pk "ALIAS", sk "production") that only moves by a conditional write, which is what makes two
 * racing promotions have one winner without transactions.
 */
public final class DynamoModelRegistry implements ModelRegistry {
  /** The promotion log: pk "PROMOTION", sk "{instant, nanoseconds}#{version}". */
  static final String PROMOTION_PARTITION = "PROMOTION";

  private static final java.time.format.DateTimeFormatter LOG_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoModelRegistry(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void register(ModelRecord model) {
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(ModelItemMapper.toItem(model))
                  .conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      throw new MenagerieException(
          ErrorCode.CONFLICT, "model version " + model.version() + " is already registered", e);
    }
  }

  @Override
  public Optional<ModelRecord> get(String version) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table).key(ModelItemMapper.key(version)).consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(ModelItemMapper.fromItem(item));
  }

  @Override
  public List<ModelRecord> list() {
    List<ModelRecord> models = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(ModelItemMapper.MODEL_PARTITION)))
                    .consistentRead(true))
        .items()
        .forEach(item -> models.add(ModelItemMapper.fromItem(item)));
    return models;
  }

  @Override
  public Optional<String> productionVersion() {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table).key(ModelItemMapper.aliasKey()).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("version").s());
  }

  @Override
  public void promote(String version, Optional<String> expectedCurrent, String reason) {
    Objects.requireNonNull(reason, "reason");
    ModelRecord candidate =
        get(version)
            .orElseThrow(
                () ->
                    new MenagerieException(
                        ErrorCode.NOT_FOUND, "model version " + version + " is not registered"));
    if (candidate.status() == ModelStatus.THROW_AWAY
        || candidate.status() == ModelStatus.REJECTED) {
      throw new MenagerieException(
          ErrorCode.CONFLICT,
          "model version " + version + " is " + candidate.status() + " and cannot be promoted");
    }
    Map<String, AttributeValue> alias = new HashMap<>(ModelItemMapper.aliasKey());
    alias.put("version", s(version));
    Instant at = clock.instant();
    alias.put("updatedAt", s(at.toString()));
    expectedCurrent.ifPresent(previous -> alias.put("previousVersion", s(previous)));
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(alias);
    if (expectedCurrent.isPresent()) {
      put.conditionExpression("version = :expected")
          .expressionAttributeValues(Map.of(":expected", s(expectedCurrent.get())));
    } else {
      put.conditionExpression("attribute_not_exists(pk)");
    }
    try {
      dynamo.putItem(put.build());
    } catch (ConditionalCheckFailedException e) {
      throw new MenagerieException(
          ErrorCode.CONFLICT,
          "the production alias no longer names "
              + expectedCurrent.orElse("nothing")
              + "; another promotion won",
          e);
    }
    // The alias is the truth; the statuses and the log follow it (no transactions on dynalite).
    writeStatus(version, ModelStatus.PRODUCTION);
    expectedCurrent
        .filter(previous -> !previous.equals(version))
        .ifPresent(previous -> writeStatus(previous, ModelStatus.RETIRED));
    Map<String, AttributeValue> log = new HashMap<>();
    log.put(ModelItemMapper.PK, s(PROMOTION_PARTITION));
    log.put(ModelItemMapper.SK, s(LOG_TIME.format(at) + "#" + version)); // fixed width: sorts
    log.put("at", s(at.toString()));
    log.put("version", s(version));
    expectedCurrent.ifPresent(previous -> log.put("previousVersion", s(previous)));
    log.put("reason", s(reason));
    dynamo.putItem(b -> b.tableName(table).item(log));
  }

  @Override
  public String rollback() {
    Map<String, AttributeValue> alias =
        dynamo
            .getItem(b -> b.tableName(table).key(ModelItemMapper.aliasKey()).consistentRead(true))
            .item();
    if (alias == null || alias.isEmpty() || !alias.containsKey("previousVersion")) {
      throw new MenagerieException(
          ErrorCode.CONFLICT, "there is no previous production version to roll back to");
    }
    String current = alias.get("version").s();
    String previous = alias.get("previousVersion").s();
    promote(previous, Optional.of(current), "rollback from " + current);
    return previous;
  }

  @Override
  public void updateMetrics(String version, UnaryOperator<ModelMetrics> change) {
    ModelRecord model =
        get(version)
            .orElseThrow(
                () ->
                    new MenagerieException(
                        ErrorCode.NOT_FOUND, "model version " + version + " is not registered"));
    AttributeValue metrics =
        ModelItemMapper.toItem(model.withMetrics(change.apply(model.metrics()))).get("metrics");
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(ModelItemMapper.key(version))
                .updateExpression("SET #metrics = :metrics")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#metrics", "metrics"))
                .expressionAttributeValues(Map.of(":metrics", metrics)));
  }

  @Override
  public List<Promotion> promotions() {
    List<Promotion> promotions = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(PROMOTION_PARTITION)))
                    .consistentRead(true))
        .items()
        .forEach(
            item ->
                promotions.add(
                    new Promotion(
                        Instant.parse(item.get("at").s()),
                        item.get("version").s(),
                        Optional.ofNullable(item.get("previousVersion")).map(AttributeValue::s),
                        item.get("reason").s())));
    return promotions;
  }

  @Override
  public void setStatus(String version, ModelStatus status) {
    if (productionVersion().filter(version::equals).isPresent()
        && status != ModelStatus.PRODUCTION) {
      throw new MenagerieException(
          ErrorCode.CONFLICT,
          "model version " + version + " is in production; promote another version first");
    }
    writeStatus(version, status);
  }

  private void writeStatus(String version, ModelStatus status) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(ModelItemMapper.key(version))
                  .updateExpression("SET #status = :status")
                  .conditionExpression("attribute_exists(pk)")
                  .expressionAttributeNames(Map.of("#status", "status"))
                  .expressionAttributeValues(Map.of(":status", s(status.name()))));
    } catch (ConditionalCheckFailedException e) {
      throw new MenagerieException(
          ErrorCode.NOT_FOUND, "model version " + version + " is not registered", e);
    }
  }
}
