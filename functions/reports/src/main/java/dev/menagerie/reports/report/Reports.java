package dev.menagerie.reports.report;

import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
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

/**
 * The usage, accuracy and models reports as JSON-ready maps, and their CSV tables. Figures are
 * computed from {@link DailyAggregates} only; nothing here reads a transaction.
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

  public Map<String, Object> usage(ReportPeriod period) {
    return usage(period, load(period));
  }

  public Map<String, Object> usage(ReportPeriod period, DailyAggregates.Days data) {
    DayAggregate total = data.total(period.model());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("report", "usage");
    report.put("period", period(period, data));
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("requests", total.requests());
    totals.put("errors", total.errors());
    totals.put("byStatus", total.byStatus());
    totals.put("byModel", requestsByModel(data, period.model()));
    totals.put("byLabel", total.byLabel());
    totals.put("byCaller", total.byCaller());
    totals.put("byConfidenceBand", total.byBand());
    report.put("totals", totals);
    report.put("latencyMs", latency(total));
    report.put("cost", cost(total));
    List<Map<String, Object>> days = new ArrayList<>();
    for (LocalDate day : data.days().keySet()) {
      DayAggregate a = data.day(day, period.model());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("day", day.toString());
      row.put("requests", a.requests());
      row.put("errors", a.errors());
      Map<String, Long> byModel = new LinkedHashMap<>();
      data.days()
          .get(day)
          .forEach(
              (v, m) -> {
                if (period.model().isEmpty() || period.model().get().equals(v)) {
                  byModel.put(v, m.requests());
                }
              });
      row.put("byModel", byModel);
      row.put("byStatus", a.byStatus());
      row.put("byLabel", a.byLabel());
      row.put("byCaller", a.byCaller());
      row.put("latencyMs", latency(a));
      row.put("costUsd", usd(cost.totalUsd(a.requests(), a.latencySumMs())));
      days.add(row);
    }
    report.put("days", days);
    return report;
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

  static Map<String, Object> latency(DayAggregate a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", value(a.latency().percentile(50)));
    m.put("p95", value(a.latency().percentile(95)));
    m.put("p99", value(a.latency().percentile(99)));
    m.put("mean", a.requests() == 0 ? null : round(a.latencySumMs() / (double) a.requests(), 1));
    return m;
  }

  private Map<String, Object> cost(DayAggregate a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("memoryMb", cost.memoryMb());
    m.put("pricePerGbSecond", cost.pricePerGbSecond());
    m.put("pricePerRequest", cost.pricePerRequest());
    m.put("gbSeconds", round(cost.gbSeconds(a.latencySumMs()), 6));
    m.put("computeUsd", usd(cost.computeUsd(a.latencySumMs())));
    m.put("requestUsd", usd(cost.requestUsd(a.requests())));
    double total = cost.totalUsd(a.requests(), a.latencySumMs());
    m.put("totalUsd", usd(total));
    m.put("per1000Usd", a.requests() == 0 ? null : usd(total / a.requests() * 1000));
    return m;
  }

  // ---------------------------------------------------------------- accuracy

  public Map<String, Object> accuracy(ReportPeriod period) {
    return accuracy(period, load(period));
  }

  public Map<String, Object> accuracy(ReportPeriod period, DailyAggregates.Days data) {
    DayAggregate total = data.total(period.model());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("report", "accuracy");
    report.put("period", period(period, data));
    report.put("totals", tally(total));
    List<Map<String, Object>> days = new ArrayList<>();
    for (LocalDate day : data.days().keySet()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("day", day.toString());
      row.putAll(tally(data.day(day, period.model())));
      // per model version, so the latest model can be compared with the one before, day by day
      Map<String, Object> dayByModel = new LinkedHashMap<>();
      data.days()
          .get(day)
          .forEach(
              (v, m) -> {
                if ((period.model().isEmpty() || period.model().get().equals(v))
                    && m.judged() > 0) {
                  Map<String, Object> t = new LinkedHashMap<>();
                  t.put("judged", m.judged());
                  t.put("correct", m.correct());
                  t.put("accuracy", ratio(m.correct(), m.judged()));
                  dayByModel.put(v, t);
                }
              });
      row.put("byModel", dayByModel);
      days.add(row);
    }
    report.put("days", days);
    List<Map<String, Object>> byModel = new ArrayList<>();
    data.byModel()
        .forEach(
            (v, a) -> {
              if ((period.model().isEmpty() || period.model().get().equals(v))
                  && a.correct() + a.incorrect() + a.unusable() > 0) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("modelVersion", v);
                row.putAll(tally(a));
                byModel.add(row);
              }
            });
    report.put("byModel", byModel);
    report.put("reliability", reliability(total));
    report.put("classes", classes(total));
    report.put("confusions", confusions(total));
    return report;
  }

  /** accuracy as CSV: one row per class (precision and recall), the table a manager sorts. */
  public List<List<Object>> accuracyCsv(ReportPeriod period, DailyAggregates.Days data) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("label", "truePositives", "predicted", "actual", "precision", "recall"));
    for (Map<String, Object> c : classes(data.total(period.model()))) {
      rows.add(
          List.of(
              c.get("label"),
              c.get("truePositives"),
              c.get("predicted"),
              c.get("actual"),
              text(c.get("precision")),
              text(c.get("recall"))));
    }
    return rows;
  }

  static Map<String, Object> tally(DayAggregate a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("evaluations", a.correct() + a.incorrect() + a.unusable());
    m.put("correct", a.correct());
    m.put("incorrect", a.incorrect());
    m.put("unusable", a.unusable());
    m.put("accuracy", ratio(a.correct(), a.judged()));
    return m;
  }

  static Map<String, Object> reliability(DayAggregate a) {
    List<Map<String, Object>> bins = new ArrayList<>();
    double ece = 0;
    long judged = a.judged();
    for (int i = 0; i < ConfidenceBand.BANDS; i++) {
      String band = ConfidenceBand.name(i);
      long[] t = a.reliability().getOrDefault(band, new long[3]);
      Map<String, Object> bin = new LinkedHashMap<>();
      bin.put("band", band);
      bin.put("lower", ConfidenceBand.lower(i));
      bin.put("upper", ConfidenceBand.upper(i));
      bin.put("judged", t[0]);
      bin.put("correct", t[1]);
      Double accuracy = t[0] == 0 ? null : t[1] / (double) t[0];
      Double confidence = t[0] == 0 ? null : t[2] / 1e6 / t[0];
      bin.put("accuracy", accuracy == null ? null : round(accuracy, 4));
      bin.put("meanConfidence", confidence == null ? null : round(confidence, 4));
      if (t[0] > 0) {
        ece += t[0] / (double) judged * Math.abs(accuracy - confidence);
      }
      bins.add(bin);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bins", bins);
    m.put("ece", judged == 0 ? null : round(ece, 4));
    return m;
  }

  static List<Map<String, Object>> classes(DayAggregate a) {
    List<Map<String, Object>> rows = new ArrayList<>();
    a.classes()
        .forEach(
            (label, t) -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("label", label);
              row.put("truePositives", t[0]);
              row.put("predicted", t[1]);
              row.put("actual", t[2]);
              row.put("precision", ratio(t[0], t[1]));
              row.put("recall", ratio(t[0], t[2]));
              rows.add(row);
            });
    return rows;
  }

  static List<Map<String, Object>> confusions(DayAggregate a) {
    return a.confusions().entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_CONFUSIONS)
        .map(
            e -> {
              String[] pair = e.getKey().split("\\|", 2);
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("actual", pair[0]);
              row.put("predicted", pair[1]);
              row.put("count", e.getValue());
              return row;
            })
        .toList();
  }

  // ---------------------------------------------------------------- models and runs

  public Map<String, Object> models(ReportPeriod period) {
    return models(period, load(period));
  }

  public Map<String, Object> models(ReportPeriod period, DailyAggregates.Days data) {
    Map<String, DayAggregate> byModel = data.byModel();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("report", "models");
    report.put("period", period(period, data));
    PromotionHistory.Alias alias = promotions.production();
    report.put("production", alias.version().orElse(null));
    report.put("promotedAt", alias.updatedAt().map(Object::toString).orElse(null));
    report.put("previousVersion", alias.previousVersion().orElse(null));
    List<Map<String, Object>> log = new ArrayList<>();
    for (var p : registry.promotions()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("at", p.at().toString());
      row.put("version", p.version());
      row.put("previous", p.previous().orElse(null));
      row.put("reason", p.reason());
      log.add(row);
    }
    report.put("promotions", log); // every move of the alias, oldest first
    List<Map<String, Object>> models = new ArrayList<>();
    for (ModelRecord m : registry.list()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("version", m.version());
      row.put("status", m.status().name());
      row.put("registeredAt", m.registeredAt().toString());
      row.put("parent", m.parent().orElse(null));
      row.put("architecture", m.architecture());
      row.put("metrics", m.metrics());
      DayAggregate a = byModel.getOrDefault(m.version(), new DayAggregate());
      row.put("requests", a.requests());
      row.put("evaluation", tally(a));
      models.add(row);
    }
    models.sort(Comparator.comparing(r -> String.valueOf(r.get("registeredAt"))));
    report.put("models", models);
    Map<String, Object> recent = new LinkedHashMap<>();
    recent.put("training", runs(RunKind.TRAINING));
    recent.put("bulk", runs(RunKind.BULK));
    report.put("runs", recent);
    return report;
  }

  private List<Map<String, Object>> runs(RunKind kind) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RunRecord r : runs.recent(kind, RECENT_RUNS)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("runId", r.runId());
      row.put("status", r.status().name());
      row.put("startedAt", r.startedAt().toString());
      row.put("endedAt", r.endedAt().map(Object::toString).orElse(null));
      row.put("modelVersion", r.modelVersion().orElse(null));
      row.put("base", r.base().orElse(null));
      row.put("epochs", r.epochs().orElse(null));
      row.put("seconds", r.duration().map(java.time.Duration::toSeconds).orElse(null));
      row.put("figures", r.figures());
      row.put("error", r.error().orElse(null));
      rows.add(row);
    }
    return rows;
  }

  /** models as CSV: one row per registered version. */
  public List<List<Object>> modelsCsv(Map<String, Object> report) {
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
    for (Object o : (List<?>) report.get("models")) {
      Map<?, ?> m = (Map<?, ?>) o;
      Map<?, ?> e = (Map<?, ?>) m.get("evaluation");
      rows.add(
          java.util.Arrays.asList(
              m.get("version"),
              m.get("status"),
              m.get("registeredAt"),
              text(m.get("parent")),
              m.get("requests"),
              e.get("evaluations"),
              e.get("correct"),
              e.get("incorrect"),
              text(e.get("accuracy"))));
    }
    return rows;
  }

  // ---------------------------------------------------------------- helpers

  private static Map<String, Object> period(ReportPeriod period, DailyAggregates.Days data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", period.from().toString());
    m.put("to", period.to().toString());
    m.put("model", period.model().orElse(null));
    m.put("rolledUpDays", data.fromRollups().size());
    m.put("liveDays", data.live().stream().map(LocalDate::toString).toList());
    m.put("missingDays", data.missing().stream().map(LocalDate::toString).toList());
    return m;
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
