package dev.menagerie.reports.rollup;

import dev.menagerie.common.store.Transaction;
import dev.menagerie.common.store.TransactionStore;
import dev.menagerie.reports.evaluation.Evaluation;
import dev.menagerie.reports.evaluation.EvaluationStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds days of transactions and evaluations into {@link DayAggregate}s by model version. A day is
 * read with Queries only (the Transactions byDay shards, the Evaluations byDay index). Rolling a
 * day again replaces its rollup, so runs are idempotent and can overlap with the schedule.
 */
public final class Rollup {
  /** Requests that failed before a model was chosen. */
  public static final String NO_MODEL = "(none)";

  private final TransactionStore transactions;
  private final EvaluationStore evaluations;
  private final RollupStore rollups;
  private final Clock clock;
  private final int lookbackDays;

  public Rollup(
      TransactionStore transactions,
      EvaluationStore evaluations,
      RollupStore rollups,
      Clock clock,
      int lookbackDays) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.evaluations = Objects.requireNonNull(evaluations, "evaluations");
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lookbackDays = lookbackDays;
  }

  /**
   * One day's aggregates by model version, computed from the tables (no rollup read or written).
   */
  public Map<String, DayAggregate> aggregate(LocalDate day) {
    return aggregate(transactions.listDay(day), evaluations.listDay(day));
  }

  static Map<String, DayAggregate> aggregate(
      List<Transaction> dayTransactions, List<Evaluation> dayEvaluations) {
    Map<String, DayAggregate> byModel = new TreeMap<>();
    for (Transaction t : dayTransactions) {
      byModel.computeIfAbsent(t.modelVersion().orElse(NO_MODEL), m -> new DayAggregate()).add(t);
    }
    for (Evaluation e : dayEvaluations) {
      byModel.computeIfAbsent(e.modelVersion(), m -> new DayAggregate()).add(e);
    }
    return byModel;
  }

  /** Rolls up one day (a past day; today is still changing and is read live by reports). */
  public void rollDay(LocalDate day) {
    if (!day.isBefore(today())) {
      throw new IllegalArgumentException(day + " is not over yet; only past days are rolled up");
    }
    List<Transaction> dayTransactions = transactions.listDay(day);
    List<Evaluation> dayEvaluations = evaluations.listDay(day);
    rollups.writeDay(
        day,
        aggregate(dayTransactions, dayEvaluations),
        dayTransactions.size(),
        dayEvaluations.size(),
        clock.instant());
  }

  /**
   * The scheduled run: every day of the last {@code lookbackDays} not rolled up yet (yesterday
   * first of all) and every day marked dirty by a late evaluation. Returns the days rolled.
   */
  public List<LocalDate> run() {
    LocalDate today = today();
    TreeSet<LocalDate> days = new TreeSet<>();
    LocalDate first = today.minusDays(lookbackDays);
    TreeSet<LocalDate> rolled = rollups.read(first, today.minusDays(1)).days();
    for (LocalDate d = first; d.isBefore(today); d = d.plusDays(1)) {
      if (!rolled.contains(d)) {
        days.add(d);
      }
    }
    List<LocalDate> dirty = rollups.dirtyDays();
    dirty.stream().filter(d -> d.isBefore(today)).forEach(days::add);
    for (LocalDate day : days) {
      // clear first: an evaluation landing while the day is read marks it again for next time
      if (dirty.contains(day)) {
        rollups.clearDirty(day);
      }
      rollDay(day);
    }
    return List.copyOf(days);
  }

  /** Rolls up the given past days, whatever their state. */
  public List<LocalDate> run(LocalDate from, LocalDate to) {
    LocalDate last = to.isBefore(today()) ? to : today().minusDays(1);
    List<LocalDate> days = from.datesUntil(last.plusDays(1)).toList();
    days.forEach(
        day -> {
          rollups.clearDirty(day);
          rollDay(day);
        });
    return days;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }
}
