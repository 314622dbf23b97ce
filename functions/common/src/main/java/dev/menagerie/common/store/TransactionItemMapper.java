package dev.menagerie.common.store;

import dev.menagerie.common.inference.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps {@link Transaction} to and from a Transactions table item. */
final class TransactionItemMapper {
  static final String REQUEST_ID = "requestId";
  static final String DAY_SHARD = "dayShard";
  static final String CREATED_AT = "createdAt";

  private TransactionItemMapper() {}

  static Map<String, AttributeValue> toItem(Transaction t) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(REQUEST_ID, s(t.requestId()));
    item.put(CREATED_AT, s(t.createdAt().toString()));
    item.put(DAY_SHARD, s(DaySharding.shardKey(t.createdAt(), t.requestId())));
    item.put("day", s(DaySharding.day(t.createdAt()).toString()));
    item.put("caller", s(t.caller()));
    item.put("source", s(t.source()));
    t.modelVersion().ifPresent(v -> item.put("modelVersion", s(v)));
    item.put("status", n(t.status()));
    t.errorCode().ifPresent(c -> item.put("errorCode", s(c)));
    item.put("latencyMs", n(t.latencyMs()));
    t.imageSha256().ifPresent(h -> item.put("imageSha256", s(h)));
    item.put("imageBytes", n(t.imageBytes()));
    if (!t.predictions().isEmpty()) {
      List<AttributeValue> predictions = new ArrayList<>();
      for (Prediction p : t.predictions()) {
        predictions.add(
            AttributeValue.fromM(Map.of("label", s(p.label()), "confidence", n(p.confidence()))));
      }
      item.put("predictions", AttributeValue.fromL(predictions));
      item.put("topLabel", s(t.predictions().get(0).label()));
      item.put("topConfidence", n(t.predictions().get(0).confidence()));
    }
    return item;
  }

  static Transaction fromItem(Map<String, AttributeValue> item) {
    List<Prediction> predictions = new ArrayList<>();
    AttributeValue list = item.get("predictions");
    if (list != null && list.hasL()) {
      for (AttributeValue p : list.l()) {
        predictions.add(
            new Prediction(p.m().get("label").s(), Float.parseFloat(p.m().get("confidence").n())));
      }
    }
    return new Transaction(
        item.get(REQUEST_ID).s(),
        Instant.parse(item.get(CREATED_AT).s()),
        item.get("caller").s(),
        item.get("source").s(),
        optional(item, "modelVersion"),
        predictions,
        Integer.parseInt(item.get("status").n()),
        optional(item, "errorCode"),
        Long.parseLong(item.get("latencyMs").n()),
        optional(item, "imageSha256"),
        Long.parseLong(item.get("imageBytes").n()));
  }

  private static Optional<String> optional(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? Optional.empty() : Optional.ofNullable(value.s());
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(Number value) {
    return AttributeValue.fromN(value.toString());
  }
}
