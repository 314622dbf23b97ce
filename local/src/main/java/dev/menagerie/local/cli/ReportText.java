package dev.menagerie.local.cli;

import dev.menagerie.reports.report.AccuracyReport;
import dev.menagerie.reports.report.Figures;
import dev.menagerie.reports.report.ModelsReport;
import dev.menagerie.reports.report.ReportPeriodFigures;
import dev.menagerie.reports.report.UsageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reports (the records the reports API serialises, read back from its JSON) as text for a
 * terminal, their figures as {@link Figures} renders them (money as dollars, counts grouped);
 * {@code --json} and {@code --csv} print the exact figures.
 */
final class ReportText {
  private ReportText() {}

  static String usage(UsageReport r) {
    StringBuilder s = new StringBuilder();
    header(s, "Usage", r.period());
    UsageReport.Totals t = r.totals();
    line(s, "Requests", count(t.requests()) + " (errors " + count(t.errors()) + ")");
    line(s, "By model", counts(t.byModel()));
    line(s, "By status", counts(t.byStatus()));
    line(s, "By label", counts(t.byLabel()));
    line(s, "By caller", counts(t.byCaller()));
    UsageReport.Latency l = r.latencyMs();
    line(s, "Latency", "p50 " + ms(l.p50()) + ", p95 " + ms(l.p95()) + ", p99 " + ms(l.p99()));
    UsageReport.Cost c = r.cost();
    line(
        s,
        "Cost",
        Figures.usd(c.totalUsd())
            + " estimated ("
            + (c.per1000Usd() != null ? Figures.usd(c.per1000Usd()) : "-")
            + " per 1,000 requests; "
            + Figures.quantity(c.gbSeconds())
            + " GB-s at "
            + count(c.memoryMb())
            + " MB; exact figures with --json or --csv)");
    s.append("  Per day:\n");
    for (UsageReport.Day d : r.days()) {
      if (d.requests() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "    %s  %6s requests  %4s errors  p50 %s  p95 %s  %s%n",
                d.day(),
                count(d.requests()),
                count(d.errors()),
                ms(d.latencyMs().p50()),
                ms(d.latencyMs().p95()),
                counts(d.byModel())));
      }
    }
    return s.toString();
  }

  static String accuracy(AccuracyReport r) {
    StringBuilder s = new StringBuilder();
    header(s, "Accuracy (manual evaluations)", r.period());
    AccuracyReport.Tally t = r.totals();
    line(
        s,
        "Evaluations",
        t.evaluations()
            + " (correct "
            + t.correct()
            + ", incorrect "
            + t.incorrect()
            + ", unusable "
            + t.unusable()
            + "); accuracy "
            + percent(t.accuracy()));
    List<String> models = new ArrayList<>();
    for (AccuracyReport.ModelTally m : r.byModel()) {
      models.add(
          m.modelVersion() + " " + percent(m.accuracy()) + " of " + (m.correct() + m.incorrect()));
    }
    line(s, "By model", models.isEmpty() ? "-" : String.join(", ", models));
    s.append("  Per day:\n");
    for (AccuracyReport.Day d : r.days()) {
      if (d.evaluations() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "    %s  %s of %d judged%n",
                d.day(),
                percent(d.accuracy()),
                d.correct() + d.incorrect()));
      }
    }
    Double ece = r.reliability().ece();
    s.append("  Reliability (ECE ").append(ece != null ? ece.toString() : "-").append("):\n");
    for (AccuracyReport.Bin b : r.reliability().bins()) {
      if (b.judged() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "    confidence %s  %4d judged  accuracy %7s  mean confidence %.3f%n",
                b.band(),
                b.judged(),
                percent(b.accuracy()),
                b.meanConfidence() == null ? 0.0 : b.meanConfidence()));
      }
    }
    s.append("  Per class:          precision  recall\n");
    for (AccuracyReport.ClassFigures c : r.classes()) {
      s.append(
          String.format(
              Locale.ROOT,
              "    %-18s %9s  %6s%n",
              c.label(),
              percent(c.precision()),
              percent(c.recall())));
    }
    s.append("  Most frequent confusions:\n");
    for (AccuracyReport.Confusion c : r.confusions()) {
      s.append("    ")
          .append(c.actual())
          .append(" taken for ")
          .append(c.predicted())
          .append(": ")
          .append(c.count())
          .append('\n');
    }
    return s.toString();
  }

  static String models(ModelsReport r) {
    StringBuilder s = new StringBuilder();
    header(s, "Models and runs", r.period());
    line(
        s,
        "Production",
        (r.production() == null ? "-" : r.production())
            + (r.promotedAt() != null ? " since " + r.promotedAt() : "")
            + (r.previousVersion() != null ? " (before: " + r.previousVersion() + ")" : ""));
    for (ModelsReport.Model m : r.models()) {
      s.append(
          String.format(
              Locale.ROOT,
              "    %-20s %-10s registered %s  %s requests  accuracy %s%n",
              m.version(),
              m.status(),
              m.registeredAt(),
              count(m.requests()),
              percent(m.evaluation().accuracy())));
    }
    runs(s, "training", r.runs().training());
    runs(s, "bulk", r.runs().bulk());
    return s.toString();
  }

  private static void runs(StringBuilder s, String kind, List<? extends ModelsReport.Run<?>> runs) {
    s.append("  Recent ").append(kind).append(" runs:\n");
    for (ModelsReport.Run<?> run : runs) {
      s.append("    ")
          .append(run.runId())
          .append("  ")
          .append(run.status())
          .append(run.modelVersion() != null ? "  " + run.modelVersion() : "")
          .append('\n');
    }
  }

  private static void header(StringBuilder s, String title, ReportPeriodFigures period) {
    s.append(title)
        .append(", ")
        .append(period.from())
        .append(" .. ")
        .append(period.to())
        .append(period.model() != null ? ", model " + period.model() : "")
        .append(" (UTC)\n");
  }

  private static void line(StringBuilder s, String name, String value) {
    s.append(String.format(Locale.ROOT, "  %-11s %s%n", name + ":", value));
  }

  private static String counts(Map<String, Long> map) {
    List<String> parts = new ArrayList<>();
    map.forEach((name, value) -> parts.add(name + " " + count(value)));
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private static String ms(Long value) {
    return value != null ? count(value) + " ms" : "-";
  }

  private static String count(long value) {
    return Figures.count(value);
  }

  private static String percent(Double ratio) {
    return ratio != null ? Figures.percent(ratio) : "-";
  }
}
