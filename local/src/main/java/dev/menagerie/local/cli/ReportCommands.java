package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.local.cloud.FunctionLogs;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.reports.RollupHandler;
import dev.menagerie.reports.report.AccuracyReport;
import dev.menagerie.reports.report.ModelsReport;
import dev.menagerie.reports.report.UsageReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code ./menagerie evaluate ...}, {@code report ...} and {@code rollup}: the evaluator's and the
 * manager's commands. They call the running local cloud's HTTP API (so they exercise exactly what a
 * deployed client would), except {@code rollup}, which runs the rollup function's handler on the
 * local tables as the schedule would.
 */
final class ReportCommands {
  static final String USAGE =
      """
        evaluate REQUEST_ID correct|incorrect|unusable [--label CORRECT_LABEL] [--evaluator NAME]
            Record a verdict on a logged classification (a repeat by the same evaluator
            replaces it). --label is required with incorrect. --evaluator defaults to $USER.
        evaluate import FILE.csv [--evaluator NAME]
            Import an evaluation session: CSV with header requestId,verdict,correctLabel,evaluator.
        evaluate sample [--from DAY] [--to DAY] [--model V] [--per-stratum N] [--seed N] [--csv|--json]
            Not-yet-evaluated classifications by model version and confidence band (default:
            the last 7 days, 5 per stratum); --csv prints a sheet ready to fill in and import.
        report usage|accuracy|models [--from DAY] [--to DAY] [--model V] [--json | --csv]
            Print a report (default: the last 30 days). Days are YYYY-MM-DD, UTC.
        rollup [--from DAY [--to DAY]]
            Roll up past days now, as the daily schedule does (`up` also does it at start
            and every hour); with --from, redo those days whatever their state.
        (all take --data DIR, the running `up`'s state directory)
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a report's JSON into its record; a field a newer stack adds is left out. */
  private static final ObjectMapper REPORTS =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final PrintStream out;
  private final Function<Arguments, Path> dataDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The template's function the rollups run as, here in this JVM. */
  private static final String ROLLUP_FUNCTION = "RollupFunction";

  ReportCommands(PrintStream out, Function<Arguments, Path> dataDir) {
    this.out = out;
    this.dataDir = dataDir;
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
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "menagerie-rollup");
              t.setDaemon(true);
              return t;
            });
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

  /** Dispatches {@code evaluate}, {@code report} and {@code rollup}. */
  int run(List<String> words) throws IOException {
    List<String> rest = words.subList(1, words.size());
    return switch (words.get(0)) {
      case "evaluate" -> evaluate(rest);
      case "report" -> report(rest);
      default -> rollup(rest);
    };
  }

  // ---------------------------------------------------------------- evaluate

  int evaluate(List<String> words) throws IOException {
    Arguments args =
        Arguments.parse(
            words,
            Set.of("--csv", "--json"),
            Set.of(
                "--label",
                "--evaluator",
                "--data",
                "--from",
                "--to",
                "--model",
                "--per-stratum",
                "--seed"));
    List<String> pos = args.positionals();
    if (pos.isEmpty()) {
      throw new UsageException("evaluate needs REQUEST_ID VERDICT, import FILE or sample");
    }
    Endpoints endpoints = Endpoints.read(dataDir.apply(args));
    if (pos.get(0).equals("import")) {
      if (pos.size() != 2) {
        throw new UsageException("evaluate import takes one FILE.csv");
      }
      String query = args.value("--evaluator").map(e -> "?evaluator=" + encode(e)).orElse("");
      JsonNode result =
          call(
              endpoints,
              "POST",
              "/evaluations/import" + query,
              "text/csv",
              Files.readString(Path.of(pos.get(1))));
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
    if (pos.get(0).equals("sample")) {
      Map<String, String> query = period(args);
      args.value("--per-stratum").ifPresent(v -> query.put("perStratum", v));
      args.value("--seed").ifPresent(v -> query.put("seed", v));
      if (args.flag("--csv")) {
        query.put("format", "csv");
        out.print(text(endpoints, "/transactions/sample" + query(query)));
        return 0;
      }
      JsonNode sample = call(endpoints, "GET", "/transactions/sample" + query(query), null, null);
      if (args.flag("--json")) {
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
    if (pos.size() != 2) {
      throw new UsageException(
          "evaluate takes REQUEST_ID and a verdict (correct|incorrect|unusable)");
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("verdict", pos.get(1));
    args.value("--label").ifPresent(l -> body.put("correctLabel", l));
    body.put(
        "evaluator", args.value("--evaluator").orElse(System.getProperty("user.name", "local")));
    JsonNode e =
        call(
            endpoints,
            "POST",
            "/transactions/" + encode(pos.get(0)) + "/evaluation",
            "application/json",
            JSON.writeValueAsString(body));
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

  int report(List<String> words) throws IOException {
    Arguments args =
        Arguments.parse(
            words, Set.of("--json", "--csv"), Set.of("--data", "--from", "--to", "--model"));
    if (args.positionals().size() != 1
        || !Set.of("usage", "accuracy", "models").contains(args.positionals().get(0))) {
      throw new UsageException("report takes one of usage, accuracy, models");
    }
    String which = args.positionals().get(0);
    Endpoints endpoints = Endpoints.read(dataDir.apply(args));
    Map<String, String> query = period(args);
    if (args.flag("--csv")) {
      query.put("format", "csv");
      out.print(text(endpoints, "/reports/" + which + query(query)));
      return 0;
    }
    JsonNode report = call(endpoints, "GET", "/reports/" + which + query(query), null, null);
    if (args.flag("--json")) {
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

  int rollup(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of(), Set.of("--data", "--from", "--to"));
    Path data = dataDir.apply(args);
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
    Map<String, Object> event = new LinkedHashMap<>();
    args.value("--from").ifPresent(v -> event.put("from", v));
    args.value("--to").ifPresent(v -> event.put("to", v));
    Object days;
    try (FunctionLogs.Scope in = FunctionLogs.in(ROLLUP_FUNCTION)) {
      days = new RollupHandler(environment).handleRequest(event, null).get("rolledUp");
    }
    out.println("Rolled up: " + days);
    return 0;
  }

  // ---------------------------------------------------------------- HTTP

  private static Map<String, String> period(Arguments args) {
    Map<String, String> query = new LinkedHashMap<>();
    args.value("--from").ifPresent(v -> query.put("from", v));
    args.value("--to").ifPresent(v -> query.put("to", v));
    args.value("--model").ifPresent(v -> query.put("model", v));
    return query;
  }

  private static String query(Map<String, String> query) {
    if (query.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    query.forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
    return "?" + String.join("&", pairs);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String text(Endpoints endpoints, String pathAndQuery) throws IOException {
    HttpResponse<String> response = send(endpoints, "GET", pathAndQuery, null, null);
    if (response.statusCode() != 200) {
      throw new IOException(failure(response));
    }
    return response.body();
  }

  private JsonNode call(
      Endpoints endpoints, String method, String pathAndQuery, String contentType, String body)
      throws IOException {
    HttpResponse<String> response = send(endpoints, method, pathAndQuery, contentType, body);
    if (response.statusCode() != 200) {
      throw new IOException(failure(response));
    }
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(
      Endpoints endpoints, String method, String pathAndQuery, String contentType, String body)
      throws IOException {
    URI uri = URI.create(endpoints.apiUrl() + pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    ApiAuth.apply(
        request,
        method,
        uri,
        body == null ? null : contentType,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.net.ConnectException e) {
      throw new IOException(
          "the local API at "
              + endpoints.apiUrl()
              + " does not answer; is `./menagerie up` running?",
          e);
    }
  }

  private static String failure(HttpResponse<String> response) {
    try {
      JsonNode error = JSON.readTree(response.body()).path("error");
      return response.statusCode()
          + " "
          + error.path("code").asText()
          + ": "
          + error.path("message").asText();
    } catch (IOException e) {
      return "HTTP " + response.statusCode();
    }
  }
}
