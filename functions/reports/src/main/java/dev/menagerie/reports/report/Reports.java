package dev.menagerie.reports.report;

import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.RunFigures;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStore;
import dev.menagerie.reports.rollup.ConfidenceBand;
import dev.menagerie.reports.rollup.DayAggregate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The usage, accuracy and models reports as records (the JSON routes serialise them; the dashboard
 * and the CLI read the same records), and their CSV tables. Figures are computed from {@link
 * DailyAggregates} only; nothing here reads a transaction.
 */
public final class Reports {
  public static final int TOP_CONFUSIONS = 10;
  public static final int RECENT_RUNS = 10;

  private final DailyAggregates aggregates;
  private final ModelRegistry registry;
  private final PromotionHistory promotions;
  private final RunStore runs;
  private final CostModel cost;

  public Reports(
      DailyAggregates aggregates,
      ModelRegistry registry,
      PromotionHistory promotions,
      RunStore runs,
      CostModel cost) {
    this.aggregates = Objects.requireNonNull(aggregates, "aggregates");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.promotions = Objects.requireNonNull(promotions, "promotions");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.cost = Objects.requireNonNull(cost, "cost");
  }

  public DailyAggregates.Days load(ReportPeriod period) {
    return aggregates.load(period);
  }

  // ---------------------------------------------------------------- usage

  public UsageReport usage(ReportPeriod period) {
    return usage(period, load(period));
  }

  public UsageReport usage(ReportPeriod period, DailyAggregates.Days data) {
    DayAggregate total = data.total(period.model());
    List<UsageReport.Day> days = new ArrayList<>();
    for (LocalDate day : data.days().keySet()) {
      DayAggregate a = data.day(day, period.model());
      Map<String, Long> byModel = new LinkedHashMap<>();
      data.days()
          .get(day)
          .forEach(
              (v, m) -> {
                if (period.model().isEmpty() || period.model().get().equals(v)) {
                  byModel.put(v, m.requests());
                }
              });
      days.add(
          new UsageReport.Day(
              day.toString(),
              a.requests(),
              a.errors(),
              byModel,
              a.byStatus(),
              a.byLabel(),
              a.byCaller(),
              latency(a),
              usd(cost.totalUsd(a.requests(), a.latencySumMs()))));
    }
    return new UsageReport(
        "usage",
        period(period, data),
        new UsageReport.Totals(
            total.requests(),
            total.errors(),
            total.byStatus(),
            requestsByModel(data, period.model()),
            total.byLabel(),
            total.byCaller(),
            total.byBand()),
        latency(total),
        cost(total),
        days);
  }

  /** usage as CSV: one row per day and model version. */
  public List<List<Object>> usageCsv(ReportPeriod period, DailyAggregates.Days data) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "day",
            "modelVersion",
            "requests",
            "errors",
            "latencyP50Ms",
            "latencyP95Ms",
            "latencyP99Ms",
            "costUsd"));
    data.days()
        .forEach(
            (day, byModel) ->
                byModel.forEach(
                    (version, a) -> {
                      if (period.model().isPresent() && !period.model().get().equals(version)) {
                        return;
                      }
                      rows.add(
                          List.of(
                              day.toString(),
                              version,
                              a.requests(),
                              a.errors(),
                              text(a.latency().percentile(50)),
                              text(a.latency().percentile(95)),
                              text(a.latency().percentile(99)),
                              plain(usd(cost.totalUsd(a.requests(), a.latencySumMs())))));
                    }));
    return rows;
  }

  private Map<String, Long> requestsByModel(DailyAggregates.Days data, Optional<String> model) {
    Map<String, Long> byModel = new LinkedHashMap<>();
    data.byModel()
        .forEach(
            (v, a) -> {
              if (model.isEmpty() || model.get().equals(v)) {
                byModel.put(v, a.requests());
              }
            });
    return byModel;
  }

  static UsageReport.Latency latency(DayAggregate a) {
    return new UsageReport.Latency(
        value(a.latency().percentile(50)),
        value(a.latency().percentile(95)),
        value(a.latency().percentile(99)),
        a.requests() == 0 ? null : round(a.latencySumMs() / (double) a.requests(), 1));
  }

  private UsageReport.Cost cost(DayAggregate a) {
    double total = cost.totalUsd(a.requests(), a.latencySumMs());
    return new UsageReport.Cost(
        cost.memoryMb(),
        cost.pricePerGbSecond(),
        cost.pricePerRequest(),
        round(cost.gbSeconds(a.latencySumMs()), 6),
        usd(cost.computeUsd(a.latencySumMs())),
        usd(cost.requestUsd(a.requests())),
        usd(total),
        a.requests() == 0 ? null : usd(total / a.requests() * 1000));
  }

  // ---------------------------------------------------------------- accuracy

  public AccuracyReport accuracy(ReportPeriod period) {
    return accuracy(period, load(period));
  }

  public AccuracyReport accuracy(ReportPeriod period, DailyAggregates.Days data) {
    DayAggregate total = data.total(period.model());
    List<AccuracyReport.Day> days = new ArrayList<>();
    for (LocalDate day : data.days().keySet()) {
      AccuracyReport.Tally t = tally(data.day(day, period.model()));
      // per model version, so the latest model can be compared with the one before, day by day
      Map<String, AccuracyReport.DayModel> dayByModel = new LinkedHashMap<>();
      data.days()
          .get(day)
          .forEach(
              (v, m) -> {
                if ((period.model().isEmpty() || period.model().get().equals(v))
                    && m.judged() > 0) {
                  dayByModel.put(
                      v,
                      new AccuracyReport.DayModel(
                          m.judged(), m.correct(), ratio(m.correct(), m.judged())));
                }
              });
      days.add(
          new AccuracyReport.Day(
              day.toString(),
              t.evaluations(),
              t.correct(),
              t.incorrect(),
              t.unusable(),
              t.accuracy(),
              dayByModel));
    }
    List<AccuracyReport.ModelTally> byModel = new ArrayList<>();
    data.byModel()
        .forEach(
            (v, a) -> {
              if ((period.model().isEmpty() || period.model().get().equals(v))
                  && a.correct() + a.incorrect() + a.unusable() > 0) {
                AccuracyReport.Tally t = tally(a);
                byModel.add(
                    new AccuracyReport.ModelTally(
                        v,
                        t.evaluations(),
                        t.correct(),
                        t.incorrect(),
                        t.unusable(),
                        t.accuracy()));
              }
            });
    return new AccuracyReport(
        "accuracy",
        period(period, data),
        tally(total),
        days,
        byModel,
        reliability(total),
        classes(total),
        confusions(total));
  }

  /** accuracy as CSV: one row per class (precision and recall), the table a manager sorts. */
  public List<List<Object>> accuracyCsv(ReportPeriod period, DailyAggregates.Days data) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("label", "truePositives", "predicted", "actual", "precision", "recall"));
    for (AccuracyReport.ClassFigures c : classes(data.total(period.model()))) {
      rows.add(
          List.of(
              c.label(),
              c.truePositives(),
              c.predicted(),
              c.actual(),
              text(c.precision()),
              text(c.recall())));
    }
    return rows;
  }

  static AccuracyReport.Tally tally(DayAggregate a) {
    return new AccuracyReport.Tally(
        a.correct() + a.incorrect() + a.unusable(),
        a.correct(),
        a.incorrect(),
        a.unusable(),
        ratio(a.correct(), a.judged()));
  }

  static AccuracyReport.Reliability reliability(DayAggregate a) {
    List<AccuracyReport.Bin> bins = new ArrayList<>();
    double ece = 0;
    long judged = a.judged();
    for (int i = 0; i < ConfidenceBand.BANDS; i++) {
      String band = ConfidenceBand.name(i);
      long[] t = a.reliability().getOrDefault(band, new long[3]);
      Double accuracy = t[0] == 0 ? null : t[1] / (double) t[0];
      Double confidence = t[0] == 0 ? null : t[2] / 1e6 / t[0];
      bins.add(
          new AccuracyReport.Bin(
              band,
              ConfidenceBand.lower(i),
              ConfidenceBand.upper(i),
              t[0],
              t[1],
              accuracy == null ? null : round(accuracy, 4),
              confidence == null ? null : round(confidence, 4)));
      if (t[0] > 0) {
        ece += t[0] / (double) judged * Math.abs(accuracy - confidence);
      }
    }
    return new AccuracyReport.Reliability(bins, judged == 0 ? null : round(ece, 4));
  }

  static List<AccuracyReport.ClassFigures> classes(DayAggregate a) {
    List<AccuracyReport.ClassFigures> rows = new ArrayList<>();
    a.classes()
        .forEach(
            (label, t) ->
                rows.add(
                    new AccuracyReport.ClassFigures(
                        label, t[0], t[1], t[2], ratio(t[0], t[1]), ratio(t[0], t[2]))));
    return rows;
  }

  static List<AccuracyReport.Confusion> confusions(DayAggregate a) {
    return a.confusions().entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_CONFUSIONS)
        .map(
            e -> {
              String[] pair = e.getKey().split("\\|", 2);
              return new AccuracyReport.Confusion(pair[0], pair[1], e.getValue());
            })
        .toList();
  }

  // ---------------------------------------------------------------- models and runs

  public ModelsReport models(ReportPeriod period) {
    return models(period, load(period));
  }

  public ModelsReport models(ReportPeriod period, DailyAggregates.Days data) {
    Map<String, DayAggregate> byModel = data.byModel();
    PromotionHistory.Alias alias = promotions.production();
    List<ModelsReport.Promotion> log = new ArrayList<>(); // every move of the alias, oldest first
    for (var p : registry.promotions()) {
      log.add(
          new ModelsReport.Promotion(
              p.at().toString(), p.version(), p.previous().orElse(null), p.reason()));
    }
    List<ModelsReport.Model> models = new ArrayList<>();
    for (ModelRecord m : registry.list()) {
      DayAggregate a = byModel.getOrDefault(m.version(), new DayAggregate());
      models.add(
          new ModelsReport.Model(
              m.version(),
              m.status().name(),
              m.registeredAt().toString(),
              m.parent().orElse(null),
              m.architecture(),
              m.metrics(),
              a.requests(),
              tally(a)));
    }
    models.sort(Comparator.comparing(ModelsReport.Model::registeredAt));
    return new ModelsReport(
        "models",
        period(period, data),
        alias.version().orElse(null),
        alias.updatedAt().map(Object::toString).orElse(null),
        alias.previousVersion().orElse(null),
        log,
        models,
        new ModelsReport.Runs(
            runs(RunKind.TRAINING, RunRecord::training), runs(RunKind.BULK, RunRecord::bulk)));
  }

  private <F extends RunFigures> List<ModelsReport.Run<F>> runs(
      RunKind kind, Function<RunRecord, F> figures) {
    List<ModelsReport.Run<F>> rows = new ArrayList<>();
    for (RunRecord r : runs.recent(kind, RECENT_RUNS)) {
      rows.add(
          new ModelsReport.Run<>(
              r.runId(),
              r.status().name(),
              r.startedAt().toString(),
              r.endedAt().map(Object::toString).orElse(null),
              r.modelVersion().orElse(null),
              r.base().orElse(null),
              r.epochs().orElse(null),
              r.duration().map(java.time.Duration::toSeconds).orElse(null),
              figures.apply(r),
              r.error().orElse(null)));
    }
    return rows;
  }

  /** models as CSV: one row per registered version. */
  public List<List<Object>> modelsCsv(ModelsReport report) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "version",
            "status",
            "registeredAt",
            "parent",
            "requests",
            "evaluations",
            "correct",
            "incorrect",
            "accuracy"));
    for (ModelsReport.Model m : report.models()) {
      AccuracyReport.Tally e = m.evaluation();
      rows.add(
          java.util.Arrays.asList(
              m.version(),
              m.status(),
              m.registeredAt(),
              text(m.parent()),
              m.requests(),
              e.evaluations(),
              e.correct(),
              e.incorrect(),
              text(e.accuracy())));
    }
    return rows;
  }

  // ---------------------------------------------------------------- helpers

  private static ReportPeriodFigures period(ReportPeriod period, DailyAggregates.Days data) {
    return new ReportPeriodFigures(
        period.from().toString(),
        period.to().toString(),
        period.model().orElse(null),
        data.fromRollups().size(),
        data.live().stream().map(LocalDate::toString).toList(),
        data.missing().stream().map(LocalDate::toString).toList());
  }

  static Double ratio(long part, long whole) {
    return whole == 0 ? null : round(part / (double) whole, 4);
  }

  static double round(double value, int places) {
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }

  static double usd(double value) {
    return round(value, 6);
  }

  /** A decimal without exponent (CSV readers and people both prefer 0.000037 to 3.7E-5). */
  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static Long value(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }

  private static String text(OptionalLong v) {
    return v.isPresent() ? Long.toString(v.getAsLong()) : "";
  }

  private static String text(Object v) {
    return v == null ? "" : String.valueOf(v);
  }
}
