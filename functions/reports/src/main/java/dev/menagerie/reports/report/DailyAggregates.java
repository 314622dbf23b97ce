package dev.menagerie.reports.report;

import dev.menagerie.reports.rollup.DayAggregate;
import dev.menagerie.reports.rollup.Rollup;
import dev.menagerie.reports.rollup.RollupStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The per-day, per-model aggregates a report needs: past days from the rollups, today live (one day
 * of Queries). A past day not rolled up yet (the schedule has not run) is computed live too when it
 * is recent; older gaps are reported as missing rather than read transaction by transaction.
 */
public final class DailyAggregates {
  /** How many un-rolled past days a report computes live before calling the rest missing. */
  static final int LIVE_FALLBACK_DAYS = 3;

  private final RollupStore rollups;
  private final Rollup live;
  private final Clock clock;

  public DailyAggregates(RollupStore rollups, Rollup live, Clock clock) {
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.live = Objects.requireNonNull(live, "live");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The days of a period, each with its aggregates by model version, and where they came from. */
  public record Days(
      TreeMap<LocalDate, Map<String, DayAggregate>> days,
      List<LocalDate> fromRollups,
      List<LocalDate> live,
      List<LocalDate> missing) {

    /** One day's aggregate for the period's model (or all models). */
    public DayAggregate day(LocalDate day, Optional<String> model) {
      Map<String, DayAggregate> byModel = days.getOrDefault(day, Map.of());
      if (model.isPresent()) {
        DayAggregate one = byModel.get(model.get());
        return one == null ? new DayAggregate() : one;
      }
      return DayAggregate.of(byModel.values());
    }

    /** The whole period for the model (or all models). */
    public DayAggregate total(Optional<String> model) {
      DayAggregate all = new DayAggregate();
      days.keySet().forEach(d -> all.merge(day(d, model)));
      return all;
    }

    /** The whole period by model version. */
    public Map<String, DayAggregate> byModel() {
      Map<String, DayAggregate> all = new TreeMap<>();
      days.values()
          .forEach(
              m -> m.forEach((v, a) -> all.computeIfAbsent(v, x -> new DayAggregate()).merge(a)));
      return all;
    }
  }

  public Days load(ReportPeriod period) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    TreeMap<LocalDate, Map<String, DayAggregate>> days = new TreeMap<>();
    List<LocalDate> fromRollups = new ArrayList<>();
    List<LocalDate> liveDays = new ArrayList<>();
    List<LocalDate> missing = new ArrayList<>();
    LocalDate lastPast = period.to().isBefore(today) ? period.to() : today.minusDays(1);
    if (!lastPast.isBefore(period.from())) {
      RollupStore.Rolled rolled = rollups.read(period.from(), lastPast);
      for (LocalDate d = period.from(); !d.isAfter(lastPast); d = d.plusDays(1)) {
        if (rolled.days().contains(d)) {
          days.put(d, rolled.aggregates().getOrDefault(d, Map.of()));
          fromRollups.add(d);
        } else if (!d.isBefore(today.minusDays(LIVE_FALLBACK_DAYS))) {
          days.put(d, live.aggregate(d));
          liveDays.add(d);
        } else {
          days.put(d, Map.of());
          missing.add(d);
        }
      }
    }
    for (LocalDate d = today; !d.isAfter(period.to()); d = d.plusDays(1)) {
      if (!d.isBefore(period.from())) {
        days.put(d, d.equals(today) ? live.aggregate(d) : Map.of());
        if (d.equals(today)) {
          liveDays.add(d);
        }
      }
    }
    return new Days(days, fromRollups, liveDays, missing);
  }
}
