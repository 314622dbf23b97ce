package dev.menagerie.common.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Runs in DynamoDB: partition = kind, sort key = run id (time-ordered), so recent() is a Query. */
public final class DynamoRunStore implements RunStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoRunStore(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public void put(RunRecord run) {
    dynamo.putItem(b -> b.tableName(table).item(toItem(run)));
  }

  static Map<String, AttributeValue> toItem(RunRecord run) {
    Map<String, AttributeValue> item = new HashMap<>(key(run.kind(), run.runId()));
    item.put("status", s(run.status().name()));
    item.put("startedAt", s(run.startedAt().toString()));
    run.endedAt().ifPresent(t -> item.put("endedAt", s(t.toString())));
    run.modelVersion().ifPresent(v -> item.put("modelVersion", s(v)));
    run.error().ifPresent(e -> item.put("error", s(e)));
    try {
      item.put("figures", s(JSON.writeValueAsString(run.figures())));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("figures of run " + run.runId() + " are not JSON", e);
    }
    return item;
  }

  @Override
  public Optional<RunRecord> get(RunKind kind, String runId) {
    Map<String, AttributeValue> item =
        dynamo.getItem(b -> b.tableName(table).key(key(kind, runId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public List<RunRecord> recent(RunKind kind, int limit) {
    List<RunRecord> runs = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression("kind = :kind")
                    .expressionAttributeValues(Map.of(":kind", s(kind.name())))
                    .scanIndexForward(false)
                    .limit(Math.min(limit, 100)))
        .items()
        .stream()
        .limit(limit)
        .forEach(item -> runs.add(fromItem(item)));
    return runs;
  }

  private static Map<String, AttributeValue> key(RunKind kind, String runId) {
    return Map.of("kind", s(kind.name()), "runId", s(runId));
  }

  static RunRecord fromItem(Map<String, AttributeValue> item) {
    RunKind kind = RunKind.valueOf(item.get("kind").s());
    RunFigures figures;
    try {
      figures = JSON.readValue(item.get("figures").s(), RunFigures.typeOf(kind));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "stored figures of run " + item.get("runId").s() + " are not " + kind + " figures", e);
    }
    return new RunRecord(
        kind,
        item.get("runId").s(),
        RunStatus.valueOf(item.get("status").s()),
        Instant.parse(item.get("startedAt").s()),
        Optional.ofNullable(item.get("endedAt")).map(v -> Instant.parse(v.s())),
        Optional.ofNullable(item.get("modelVersion")).map(AttributeValue::s),
        figures,
        Optional.ofNullable(item.get("error")).map(AttributeValue::s));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
