package dev.menagerie.common.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Spreads one day's transactions over {@value #SHARDS} index partitions ("2026-11-29#07"), so a
 * busy day is not one hot partition; a day is read back by querying every shard.
 */
public final class DaySharding {
  public static final int SHARDS = 16;

  private DaySharding() {}

  public static LocalDate day(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  public static String shardKey(Instant createdAt, String requestId) {
    return shardKey(day(createdAt), Math.floorMod(requestId.hashCode(), SHARDS));
  }

  public static String shardKey(LocalDate day, int shard) {
    if (shard < 0 || shard >= SHARDS) {
      throw new IllegalArgumentException("shard " + shard + " is outside 0.." + (SHARDS - 1));
    }
    return day + (shard < 10 ? "#0" : "#") + shard;
  }
}
