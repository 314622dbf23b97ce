package dev.menagerie.reports.report;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * When the production alias last moved and from which version: the alias item of the Models table
 * (pk "ALIAS", sk "production") keeps {@code updatedAt} and {@code previousVersion}, which the
 * registry interface does not expose.
 */
public final class PromotionHistory {
  private final DynamoDbClient dynamo;
  private final String table;

  public PromotionHistory(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  public record Alias(
      Optional<String> version, Optional<Instant> updatedAt, Optional<String> previousVersion) {}

  public Alias production() {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(
                            Map.of(
                                "pk", AttributeValue.fromS("ALIAS"),
                                "sk", AttributeValue.fromS("production"))))
            .item();
    if (item == null || item.isEmpty()) {
      return new Alias(Optional.empty(), Optional.empty(), Optional.empty());
    }
    return new Alias(
        Optional.ofNullable(item.get("version")).map(AttributeValue::s),
        Optional.ofNullable(item.get("updatedAt")).map(v -> Instant.parse(v.s())),
        Optional.ofNullable(item.get("previousVersion")).map(AttributeValue::s));
  }
}
