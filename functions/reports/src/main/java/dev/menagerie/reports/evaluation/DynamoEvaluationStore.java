package dev.menagerie.reports.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Evaluations in DynamoDB. The key is (requestId, evaluator), so a repeat is a plain PutItem over
 * the same item: it replaces, it cannot count twice, and no transaction is needed (dynalite has
 * none). The {@code byDay} index (day of the transaction, evaluatedAt) serves rollups and reports;
 * evaluations are made by people, so one partition per day is far from hot.
 */
public final class DynamoEvaluationStore implements EvaluationStore {
  public static final String BY_DAY_INDEX = "byDay";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoEvaluationStore(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public void put(Evaluation e) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("requestId", s(e.requestId()));
    item.put("evaluator", s(e.evaluator()));
    item.put("verdict", s(e.verdict().name()));
    e.correctLabel().ifPresent(l -> item.put("correctLabel", s(l)));
    item.put("evaluatedAt", s(e.evaluatedAt().toString()));
    item.put("day", s(e.transactionDay().toString()));
    item.put("modelVersion", s(e.modelVersion()));
    item.put("predictedLabel", s(e.predictedLabel()));
    item.put("confidence", AttributeValue.fromN(Double.toString(e.confidence())));
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public List<Evaluation> forTransaction(String requestId) {
    List<Evaluation> all = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression("requestId = :id")
                    .expressionAttributeValues(Map.of(":id", s(requestId)))
                    .consistentRead(true))
        .items()
        .forEach(i -> all.add(fromItem(i)));
    return all;
  }

  @Override
  public List<Evaluation> listDay(LocalDate transactionDay) {
    List<Evaluation> all = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(table)
                    .indexName(BY_DAY_INDEX)
                    .keyConditionExpression("#day = :day")
                    .expressionAttributeNames(Map.of("#day", "day"))
                    .expressionAttributeValues(Map.of(":day", s(transactionDay.toString()))))
        .items()
        .forEach(i -> all.add(fromItem(i)));
    return all;
  }

  private static Evaluation fromItem(Map<String, AttributeValue> item) {
    return new Evaluation(
        item.get("requestId").s(),
        item.get("evaluator").s(),
        Verdict.valueOf(item.get("verdict").s()),
        Optional.ofNullable(item.get("correctLabel")).map(AttributeValue::s),
        Instant.parse(item.get("evaluatedAt").s()),
        LocalDate.parse(item.get("day").s()),
        item.get("modelVersion").s(),
        item.get("predictedLabel").s(),
        Double.parseDouble(item.get("confidence").n()));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
