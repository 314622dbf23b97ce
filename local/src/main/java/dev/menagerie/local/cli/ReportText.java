package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.reports.report.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reports' JSON as text for a terminal, its figures as {@link Figures} renders them (money as
 * dollars, counts grouped); {@code --json} and {@code --csv} print the exact figures.
 */
final class ReportText {
  private ReportText() {}

  static String usage(JsonNode r) {
    StringBuilder s = new StringBuilder();
    header(s, "Usage", r.path("period"));
    JsonNode t = r.path("totals");
    line(s, "Requests", count(t.path("requests")) + " (errors " + count(t.path("errors")) + ")");
    line(s, "By model", counts(t.path("byModel")));
    line(s, "By status", counts(t.path("byStatus")));
    line(s, "By label", counts(t.path("byLabel")));
    line(s, "By caller", counts(t.path("byCaller")));
    JsonNode l = r.path("latencyMs");
    line(
        s,
        "Latency",
        "p50 " + ms(l.path("p50")) + ", p95 " + ms(l.path("p95")) + ", p99 " + ms(l.path("p99")));
    JsonNode c = r.path("cost");
    line(
        s,
        "Cost",
        Figures.usd(c.path("totalUsd").asDouble())
            + " estimated ("
            + (c.path("per1000Usd").isNumber() ? Figures.usd(c.path("per1000Usd").asDouble()) : "-")
            + " per 1,000 requests; "
            + Figures.quantity(c.path("gbSeconds").asDouble())
            + " GB-s at "
            + count(c.path("memoryMb"))
            + " MB; exact figures with --json or --csv)");
    s.append("  Per day:\n");
    r.path("days")
        .forEach(
            d -> {
              if (d.path("requests").asLong() > 0) {
                s.append(
                    String.format(
                        Locale.ROOT,
                        "    %s  %6s requests  %4s errors  p50 %s  p95 %s  %s%n",
                        d.path("day").asText(),
                        count(d.path("requests")),
                        count(d.path("errors")),
                        ms(d.path("latencyMs").path("p50")),
                        ms(d.path("latencyMs").path("p95")),
                        counts(d.path("byModel"))));
              }
            });
    return s.toString();
  }

  static String accuracy(JsonNode r) {
    StringBuilder s = new StringBuilder();
    header(s, "Accuracy (manual evaluations)", r.path("period"));
    JsonNode t = r.path("totals");
    line(
        s,
        "Evaluations",
        t.path("evaluations").asLong()
            + " (correct "
            + t.path("correct").asLong()
            + ", incorrect "
            + t.path("incorrect").asLong()
            + ", unusable "
            + t.path("unusable").asLong()
            + "); accuracy "
            + percent(t.path("accuracy")));
    List<String> models = new ArrayList<>();
    r.path("byModel")
        .forEach(
            m ->
                models.add(
                    m.path("modelVersion").asText()
                        + " "
                        + percent(m.path("accuracy"))
                        + " of "
                        + (m.path("correct").asLong() + m.path("incorrect").asLong())));
    line(s, "By model", models.isEmpty() ? "-" : String.join(", ", models));
    s.append("  Per day:\n");
    r.path("days")
        .forEach(
            d -> {
              if (d.path("evaluations").asLong() > 0) {
                s.append(
                    String.format(
                        Locale.ROOT,
                        "    %s  %s of %d judged%n",
                        d.path("day").asText(),
                        percent(d.path("accuracy")),
                        d.path("correct").asLong() + d.path("incorrect").asLong()));
              }
            });
    s.append("  Reliability (ECE ")
        .append(
            r.path("reliability").path("ece").isNumber()
                ? r.path("reliability").path("ece").asText()
                : "-")
        .append("):\n");
    r.path("reliability")
        .path("bins")
        .forEach(
            b -> {
              if (b.path("judged").asLong() > 0) {
                s.append(
                    String.format(
                        Locale.ROOT,
                        "    confidence %s  %4d judged  accuracy %7s  mean confidence %.3f%n",
                        b.path("band").asText(),
                        b.path("judged").asLong(),
                        percent(b.path("accuracy")),
                        b.path("meanConfidence").asDouble()));
              }
            });
    s.append("  Per class:          precision  recall\n");
    r.path("classes")
        .forEach(
            c ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "    %-18s %9s  %6s%n",
                        c.path("label").asText(),
                        percent(c.path("precision")),
                        percent(c.path("recall")))));
    s.append("  Most frequent confusions:\n");
    r.path("confusions")
        .forEach(
            c ->
                s.append("    ")
                    .append(c.path("actual").asText())
                    .append(" taken for ")
                    .append(c.path("predicted").asText())
                    .append(": ")
                    .append(c.path("count").asLong())
                    .append('\n'));
    return s.toString();
  }

  static String models(JsonNode r) {
    StringBuilder s = new StringBuilder();
    header(s, "Models and runs", r.path("period"));
    line(
        s,
        "Production",
        r.path("production").asText("-")
            + (r.path("promotedAt").isTextual() ? " since " + r.path("promotedAt").asText() : "")
            + (r.path("previousVersion").isTextual()
                ? " (before: " + r.path("previousVersion").asText() + ")"
                : ""));
    r.path("models")
        .forEach(
            m ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "    %-20s %-10s registered %s  %s requests  accuracy %s%n",
                        m.path("version").asText(),
                        m.path("status").asText(),
                        m.path("registeredAt").asText(),
                        count(m.path("requests")),
                        percent(m.path("evaluation").path("accuracy")))));
    for (String kind : List.of("training", "bulk")) {
      s.append("  Recent ").append(kind).append(" runs:\n");
      r.path("runs")
          .path(kind)
          .forEach(
              run ->
                  s.append("    ")
                      .append(run.path("runId").asText())
                      .append("  ")
                      .append(run.path("status").asText())
                      .append(
                          run.path("modelVersion").isTextual()
                              ? "  " + run.path("modelVersion").asText()
                              : "")
                      .append('\n'));
    }
    return s.toString();
  }

  private static void header(StringBuilder s, String title, JsonNode period) {
    s.append(title)
        .append(", ")
        .append(period.path("from").asText())
        .append(" .. ")
        .append(period.path("to").asText())
        .append(period.path("model").isTextual() ? ", model " + period.path("model").asText() : "")
        .append(" (UTC)\n");
  }

  private static void line(StringBuilder s, String name, String value) {
    s.append(String.format(Locale.ROOT, "  %-11s %s%n", name + ":", value));
  }

  private static String counts(JsonNode map) {
    List<String> parts = new ArrayList<>();
    map.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + count(e.getValue())));
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private static String ms(JsonNode value) {
    return value.isNumber() ? count(value) + " ms" : "-";
  }

  private static String count(JsonNode value) {
    return Figures.count(value.asLong());
  }

  private static String percent(JsonNode ratio) {
    return ratio.isNumber() ? Figures.percent(ratio.asDouble()) : "-";
  }
}
