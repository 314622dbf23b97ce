package dev.menagerie.common.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Transactions in DynamoDB: keyed by request id, with the {@code byDay} index over day shards. */
public final class DynamoTransactionStore implements TransactionStore {
  public static final String BY_DAY_INDEX = "byDay";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoTransactionStore(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public void put(Transaction transaction) {
    dynamo.putItem(b -> b.tableName(table).item(TransactionItemMapper.toItem(transaction)));
  }

  @Override
  public Optional<Transaction> get(String requestId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(
                            Map.of(
                                TransactionItemMapper.REQUEST_ID, AttributeValue.fromS(requestId)))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(TransactionItemMapper.fromItem(item));
  }

  @Override
  public List<Transaction> listDay(LocalDate day) {
    List<Transaction> all = new ArrayList<>();
    for (int shard = 0; shard < DaySharding.SHARDS; shard++) {
      QueryRequest query =
          QueryRequest.builder()
              .tableName(table)
              .indexName(BY_DAY_INDEX)
              .keyConditionExpression("#shard = :shard")
              .expressionAttributeNames(Map.of("#shard", TransactionItemMapper.DAY_SHARD))
              .expressionAttributeValues(
                  Map.of(":shard", AttributeValue.fromS(DaySharding.shardKey(day, shard))))
              .build();
      dynamo.queryPaginator(query).items().forEach(i -> all.add(TransactionItemMapper.fromItem(i)));
    }
    all.sort(Comparator.comparing(Transaction::createdAt).thenComparing(Transaction::requestId));
    return all;
  }
}
