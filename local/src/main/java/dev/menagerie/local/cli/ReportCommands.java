package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.concurrent.DaemonThreads;
import dev.menagerie.local.cloud.FunctionLogs;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.reports.RollupHandler;
import dev.menagerie.reports.report.AccuracyReport;
import dev.menagerie.reports.report.ModelsReport;
import dev.menagerie.reports.report.UsageReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./menagerie evaluate ...}, {@code report ...} and {@code rollup}: the evaluator's and the
 * manager's commands. They call the running local cloud's HTTP API (so they exercise exactly what a
 * deployed client would), except {@code rollup}, which runs the rollup function's handler on the
 * local tables as the schedule would.
 */
final class ReportCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a report's JSON into its record; a field a newer stack adds is left out. */
  private static final ObjectMapper REPORTS =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final PrintStream out;

  /** The template's function the rollups run as, here in this JVM. */
  private static final String ROLLUP_FUNCTION = "RollupFunction";

  ReportCommands(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the rollup in {@code up}: once now (past days not rolled up yet), then every {@code
   * minutes}. The thread is a daemon; it stops with the JVM.
   */
  static void startLocalRollups(LocalCloud cloud, PrintStream out, long minutes) {
    RollupHandler rollup;
    try (FunctionLogs.Scope in = FunctionLogs.in(ROLLUP_FUNCTION)) {
      rollup = new RollupHandler(cloud.functionEnvironment(ROLLUP_FUNCTION));
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("menagerie-rollup"));
    timer.scheduleWithFixedDelay(
        () -> {
          try (FunctionLogs.Scope in = FunctionLogs.in(ROLLUP_FUNCTION)) {
            Object days = rollup.handleRequest(Map.of(), null).get("rolledUp");
            if (days instanceof List<?> list && !list.isEmpty()) {
              out.println("Rollup: rolled up " + list);
            }
          } catch (RuntimeException e) {
            out.println("Rollup failed (will retry): " + e.getMessage());
          }
        },
        0,
        minutes,
        TimeUnit.MINUTES);
  }

  // ---------------------------------------------------------------- evaluate

  int evaluateImport(ApiClient api, Path file, Optional<String> evaluator) throws IOException {
    Map<String, String> query = new LinkedHashMap<>();
    evaluator.ifPresent(e -> query.put("evaluator", e));
    JsonNode result = api.post("/evaluations/import", query, "text/csv", Files.readAllBytes(file));
    out.println("Recorded " + result.path("recorded").asInt() + " evaluation(s).");
    result
        .path("rejected")
        .forEach(
            r ->
                out.println(
                    "  line "
                        + r.path("line").asInt()
                        + " ("
                        + r.path("requestId").asText()
                        + "): "
                        + r.path("code").asText()
                        + " "
                        + r.path("message").asText()));
    return result.path("rejected").isEmpty() ? 0 : 1;
  }

  /** {@code evaluate sample}: {@code query} holds the period, perStratum and seed. */
  int sample(ApiClient api, Map<String, String> query, boolean csv, boolean json)
      throws IOException {
    if (csv) {
      query.put("format", "csv");
      out.print(api.getText("/transactions/sample", query));
      return 0;
    }
    JsonNode sample = api.get("/transactions/sample", query);
    if (json) {
      out.println(JSON.writeValueAsString(sample));
      return 0;
    }
    out.println(
        "Not yet evaluated, "
            + sample.path("from").asText()
            + " .. "
            + sample.path("to").asText()
            + " ("
            + sample.path("total").asInt()
            + " picked):");
    sample
        .path("strata")
        .forEach(
            s -> {
              out.printf(
                  Locale.ROOT,
                  "  %s, confidence %s: %d not evaluated%n",
                  s.path("modelVersion").asText(),
                  s.path("confidenceBand").asText(),
                  s.path("notEvaluated").asInt());
              s.path("transactions")
                  .forEach(
                      t ->
                          out.printf(
                              Locale.ROOT,
                              "    %s  %-16s %.3f  %s%n",
                              t.path("requestId").asText(),
                              t.path("label").asText(),
                              t.path("confidence").asDouble(),
                              t.path("createdAt").asText()));
            });
    return 0;
  }

  int evaluate(
      ApiClient api,
      String requestId,
      String verdict,
      Optional<String> label,
      Optional<String> evaluator)
      throws IOException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("verdict", verdict);
    label.ifPresent(l -> body.put("correctLabel", l));
    body.put("evaluator", evaluator.orElse(System.getProperty("user.name", "local")));
    JsonNode e = api.postJson("/transactions/" + ApiClient.encode(requestId) + "/evaluation", body);
    out.println(
        "Recorded: "
            + e.path("requestId").asText()
            + " predicted "
            + e.path("predictedLabel").asText()
            + " by "
            + e.path("modelVersion").asText()
            + " is "
            + e.path("verdict").asText()
            + (e.path("correctLabel").isTextual()
                ? " (it is " + e.path("correctLabel").asText() + ")"
                : "")
            + ", says "
            + e.path("evaluator").asText());
    return 0;
  }

  // ---------------------------------------------------------------- report

  int report(ApiClient api, String which, Map<String, String> query, boolean csv, boolean json)
      throws IOException {
    if (csv) {
      query.put("format", "csv");
      out.print(api.getText("/reports/" + which, query));
      return 0;
    }
    JsonNode report = api.get("/reports/" + which, query);
    if (json) {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
      return 0;
    }
    // the API's JSON read into the records it was written from
    out.print(
        switch (which) {
          case "usage" -> ReportText.usage(REPORTS.treeToValue(report, UsageReport.class));
          case "accuracy" -> ReportText.accuracy(REPORTS.treeToValue(report, AccuracyReport.class));
          default -> ReportText.models(REPORTS.treeToValue(report, ModelsReport.class));
        });
    return 0;
  }

  // ---------------------------------------------------------------- rollup

  /** {@code event}: the days to redo ({@code from}, {@code to}), or none: the days not done. */
  int rollup(Path data, Map<String, Object> event) throws IOException {
    Endpoints endpoints = Endpoints.read(data);
    FunctionLogs.routeUnder(data); // the rollup runs here: its logs go where up's rollups' go
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("TRANSACTIONS_TABLE", endpoints.tables().get("TransactionsTable"));
    environment.put("EVALUATIONS_TABLE", endpoints.tables().get("EvaluationsTable"));
    environment.put("ROLLUPS_TABLE", endpoints.tables().get("RollupsTable"));
    environment.put("MODELS_TABLE", endpoints.tables().get("ModelsTable"));
    environment.put("RUNS_TABLE", endpoints.tables().get("RunsTable"));
    environment.put("AWS_REGION", endpoints.region());
    environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamoDbEndpoint());
    environment.put("AWS_ACCESS_KEY_ID", endpoints.accessKeyId());
    environment.put("AWS_SECRET_ACCESS_KEY", endpoints.secretAccessKey());
    Object days;
    try (FunctionLogs.Scope in = FunctionLogs.in(ROLLUP_FUNCTION)) {
      days = new RollupHandler(environment).handleRequest(event, null).get("rolledUp");
    }
    out.println("Rolled up: " + days);
    return 0;
  }
}
