package dev.menagerie.reports.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Daily rollups in DynamoDB. Partition {@code period} = "DAY#YYYY-MM" (one per month), sort key
 * {@code sk} = "YYYY-MM-DD" for the day's marker (the day was rolled up, when, from how much) and
 * "YYYY-MM-DD#&lt;model version&gt;" for each version's {@link DayAggregate}; a date range is one
 * Query per month. Days whose evaluations changed after their rollup are marked under partition
 * "DIRTY" (sort key = day) until the next rollup folds them again.
 */
public final class RollupStore {
  static final String PERIOD = "period";
  static final String SK = "sk";
  static final String DIRTY = "DIRTY";

  private final DynamoDbClient dynamo;
  private final String table;

  public RollupStore(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  /** What a range of days holds: the days rolled up and their aggregates by model version. */
  public record Rolled(
      TreeSet<LocalDate> days, Map<LocalDate, Map<String, DayAggregate>> aggregates) {}

  /**
   * Replaces a day's rollup: writes each version's aggregate, removes versions the day no longer
   * has, then writes the marker (so a day is "rolled" only once all its parts are there).
   */
  public void writeDay(
      LocalDate day,
      Map<String, DayAggregate> byModel,
      long transactions,
      long evaluations,
      Instant at) {
    Rolled existing = read(day, day);
    for (String old : existing.aggregates().getOrDefault(day, Map.of()).keySet()) {
      if (!byModel.containsKey(old)) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(day, day + "#" + old)));
      }
    }
    byModel.forEach(
        (model, aggregate) -> {
          Map<String, AttributeValue> item = new HashMap<>(key(day, day + "#" + model));
          item.put("day", s(day.toString()));
          item.put("modelVersion", s(model));
          item.put("aggregate", s(aggregate.toJson()));
          item.put("rolledAt", s(at.toString()));
          dynamo.putItem(b -> b.tableName(table).item(item));
        });
    Map<String, AttributeValue> marker = new HashMap<>(key(day, day.toString()));
    marker.put("day", s(day.toString()));
    marker.put("rolledAt", s(at.toString()));
    marker.put("transactions", n(transactions));
    marker.put("evaluations", n(evaluations));
    dynamo.putItem(b -> b.tableName(table).item(marker));
  }

  public Rolled read(LocalDate from, LocalDate to) {
    TreeSet<LocalDate> days = new TreeSet<>();
    Map<LocalDate, Map<String, DayAggregate>> aggregates = new TreeMap<>();
    for (YearMonth month = YearMonth.from(from);
        !month.isAfter(YearMonth.from(to));
        month = month.plusMonths(1)) {
      String partition = "DAY#" + month;
      dynamo
          .queryPaginator(
              b ->
                  b.tableName(table)
                      .keyConditionExpression("#p = :p AND #sk BETWEEN :from AND :to")
                      .expressionAttributeNames(Map.of("#p", PERIOD, "#sk", SK))
                      .expressionAttributeValues(
                          Map.of(
                              ":p", s(partition),
                              ":from", s(from.toString()),
                              ":to", s(to + "#\uffff"))))
          .items()
          .forEach(
              item -> {
                LocalDate day = LocalDate.parse(item.get("day").s());
                if (item.containsKey("modelVersion")) {
                  aggregates
                      .computeIfAbsent(day, d -> new TreeMap<>())
                      .put(
                          item.get("modelVersion").s(),
                          DayAggregate.fromJson(item.get("aggregate").s()));
                } else {
                  days.add(day);
                }
              });
    }
    // parts written before their marker (a rollup still running or that failed) do not count
    aggregates.keySet().retainAll(days);
    return new Rolled(days, aggregates);
  }

  public void markDirty(LocalDate day) {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(Map.of(PERIOD, s(DIRTY), SK, s(day.toString()), "day", s(day.toString()))));
  }

  public void clearDirty(LocalDate day) {
    dynamo.deleteItem(b -> b.tableName(table).key(Map.of(PERIOD, s(DIRTY), SK, s(day.toString()))));
  }

  public List<LocalDate> dirtyDays() {
    List<LocalDate> days = new ArrayList<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", PERIOD))
                    .expressionAttributeValues(Map.of(":p", s(DIRTY))))
        .items()
        .forEach(i -> days.add(LocalDate.parse(i.get(SK).s())));
    return days;
  }

  private static Map<String, AttributeValue> key(LocalDate day, String sk) {
    return Map.of(PERIOD, s("DAY#" + YearMonth.from(day)), SK, s(sk));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
