package dev.menagerie.reports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.http.ApiErrors;
import dev.menagerie.common.http.ApiRequests;
import dev.menagerie.common.http.ApiResponses;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.reports.dashboard.DashboardPage;
import dev.menagerie.reports.evaluation.Csv;
import dev.menagerie.reports.evaluation.Evaluation;
import dev.menagerie.reports.evaluation.EvaluationService;
import dev.menagerie.reports.report.DailyAggregates;
import dev.menagerie.reports.report.ModelsReport;
import dev.menagerie.reports.report.ReportPeriod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The evaluation, report and dashboard routes of the HTTP API. Routes are told apart by the event's
 * route key (API Gateway has matched the path already); the work is done by {@link
 * EvaluationService} and {@link dev.menagerie.reports.report.Reports}. Reports answer JSON, or CSV
 * with {@code ?format=csv}; {@code /dashboard} answers one self-contained HTML page.
 */
public final class ReportsHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  public static final String EVALUATE = "POST /transactions/{requestId}/evaluation";
  public static final String IMPORT = "POST /evaluations/import";
  public static final String SAMPLE = "GET /transactions/sample";
  public static final String USAGE = "GET /reports/usage";
  public static final String ACCURACY = "GET /reports/accuracy";
  public static final String MODELS = "GET /reports/models";
  public static final String DASHBOARD = "GET /dashboard";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The page may load nothing from anywhere: no script, no CDN; styles and SVG are inline. */
  private static final String DASHBOARD_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'";

  private final Reporting reporting;
  private final Clock clock;

  /** The constructor the Lambda runtime calls. */
  public ReportsHandler() {
    this(System.getenv());
  }

  /** For the local cloud: the environment the template would give the function. */
  public ReportsHandler(Map<String, String> environment) {
    this(ReportsConfig.fromEnvironment(environment), null, Clock.systemUTC());
  }

  /** For tests: the real handler over a given DynamoDB client (e.g. one that forbids Scan). */
  public ReportsHandler(Map<String, String> environment, DynamoDbClient dynamo, Clock clock) {
    this(ReportsConfig.fromEnvironment(environment), dynamo, clock);
  }

  private ReportsHandler(ReportsConfig config, DynamoDbClient dynamo, Clock clock) {
    this.clock = clock;
    this.reporting =
        Reporting.create(
            config, dynamo == null ? AwsClients.dynamoDb(config.aws()) : dynamo, clock);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return PowertoolsLogging.withLogging(
        context, CorrelationIdPaths.API_GATEWAY_HTTP, event, () -> handle(event, context));
  }

  private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
    String requestId = ApiRequests.requestId(event, context);
    Map<String, String> query = ApiRequests.query(event);
    String route = event.getRouteKey() == null ? "" : event.getRouteKey();
    try {
      return switch (route) {
        case EVALUATE -> evaluate(event);
        case IMPORT -> importCsv(event, query);
        case SAMPLE -> sample(query);
        case USAGE -> report("usage", query);
        case ACCURACY -> report("accuracy", query);
        case MODELS -> report("models", query);
        case DASHBOARD -> dashboard(query);
        default ->
            throw new MenagerieException(
                ErrorCode.ROUTE_NOT_FOUND, "the reports function does not serve " + route);
      };
    } catch (RuntimeException e) {
      return ApiErrors.response(e, route, requestId);
    }
  }

  private APIGatewayV2HTTPResponse evaluate(APIGatewayV2HTTPEvent event) {
    String id =
        event.getPathParameters() == null ? null : event.getPathParameters().get("requestId");
    JsonNode body = jsonBody(event);
    String evaluator = text(body, "evaluator");
    Evaluation e =
        reporting
            .evaluations()
            .record(
                id,
                new EvaluationService.Submission(
                    text(body, "verdict"),
                    text(body, "correctLabel"),
                    evaluator == null ? ApiRequests.caller(event).orElse("") : evaluator));
    return ApiResponses.json(200, evaluationJson(e));
  }

  static Map<String, Object> evaluationJson(Evaluation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", e.requestId());
    m.put("evaluator", e.evaluator());
    m.put("verdict", e.verdict().wireName());
    m.put("correctLabel", e.correctLabel().orElse(null));
    m.put("predictedLabel", e.predictedLabel());
    m.put("confidence", e.confidence());
    m.put("modelVersion", e.modelVersion());
    m.put("transactionDay", e.transactionDay().toString());
    m.put("evaluatedAt", e.evaluatedAt().toString());
    return m;
  }

  private APIGatewayV2HTTPResponse importCsv(
      APIGatewayV2HTTPEvent event, Map<String, String> query) {
    String csv = bodyText(event);
    EvaluationService.ImportResult result =
        reporting
            .evaluations()
            .importCsv(csv, Optional.ofNullable(query.get("evaluator")).filter(s -> !s.isBlank()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recorded", result.recorded());
    m.put("rejected", result.rejected());
    return ApiResponses.json(200, m);
  }

  private APIGatewayV2HTTPResponse sample(Map<String, String> query) {
    LocalDate today = today();
    ReportPeriod period =
        ReportPeriod.fromQuery(
            query.containsKey("from") ? query : with(query, "from", today.minusDays(6).toString()),
            today);
    int perStratum = intParam(query, "perStratum", 5, 1, 100);
    long seed = intParam(query, "seed", 0, 0, Integer.MAX_VALUE);
    List<EvaluationService.Stratum> strata =
        reporting
            .evaluations()
            .sample(period.from(), period.to(), period.model(), perStratum, seed);
    List<Map<String, Object>> out = new ArrayList<>();
    int total = 0;
    for (EvaluationService.Stratum s : strata) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("modelVersion", s.modelVersion());
      m.put("confidenceBand", s.band());
      m.put("notEvaluated", s.notEvaluated());
      List<Map<String, Object>> items = new ArrayList<>();
      for (Transaction t : s.picked()) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("requestId", t.requestId());
        item.put("createdAt", t.createdAt().toString());
        item.put("modelVersion", t.modelVersion().orElse(null));
        item.put("label", t.top().get().label());
        item.put("confidence", t.top().get().confidence());
        item.put("source", t.source());
        item.put("imageSha256", t.imageSha256().orElse(null));
        items.add(item);
      }
      total += items.size();
      m.put("transactions", items);
      out.add(m);
    }
    if ("csv".equals(query.get("format"))) {
      List<List<Object>> rows = new ArrayList<>();
      rows.add(
          List.of(
              "requestId",
              "verdict",
              "correctLabel",
              "evaluator",
              "modelVersion",
              "confidenceBand",
              "label",
              "confidence",
              "createdAt"));
      for (Map<String, Object> s : out) {
        for (Object o : (List<?>) s.get("transactions")) {
          Map<?, ?> t = (Map<?, ?>) o;
          rows.add(
              List.of(
                  t.get("requestId"),
                  "",
                  "",
                  "",
                  s.get("modelVersion"),
                  s.get("confidenceBand"),
                  t.get("label"),
                  t.get("confidence"),
                  t.get("createdAt")));
        }
      }
      return csv(rows, "evaluation-sample.csv");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", period.from().toString());
    m.put("to", period.to().toString());
    m.put("perStratum", perStratum);
    m.put("total", total);
    m.put("strata", out);
    return ApiResponses.json(200, m);
  }

  private APIGatewayV2HTTPResponse report(String which, Map<String, String> query) {
    ReportPeriod period = ReportPeriod.fromQuery(query, today());
    boolean csv = "csv".equals(query.get("format"));
    if (query.containsKey("format") && !csv && !"json".equals(query.get("format"))) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "format must be json or csv, got " + query.get("format"));
    }
    DailyAggregates.Days data = reporting.reports().load(period);
    return switch (which) {
      case "usage" ->
          csv
              ? csv(reporting.reports().usageCsv(period, data), "usage.csv")
              : ApiResponses.json(200, reporting.reports().usage(period, data));
      case "accuracy" ->
          csv
              ? csv(reporting.reports().accuracyCsv(period, data), "accuracy.csv")
              : ApiResponses.json(200, reporting.reports().accuracy(period, data));
      default -> {
        ModelsReport models = reporting.reports().models(period, data);
        yield csv
            ? csv(reporting.reports().modelsCsv(models), "models.csv")
            : ApiResponses.json(200, models);
      }
    };
  }

  private APIGatewayV2HTTPResponse dashboard(Map<String, String> query) {
    ReportPeriod period = ReportPeriod.fromQuery(query, today());
    DailyAggregates.Days data = reporting.reports().load(period);
    String html =
        DashboardPage.render(
            reporting.reports().usage(period, data),
            reporting.reports().accuracy(period, data),
            reporting.reports().models(period, data));
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(200)
        .withHeaders(
            Map.of(
                "Content-Type", "text/html; charset=utf-8",
                "Content-Security-Policy", DASHBOARD_POLICY,
                "Cache-Control", "no-store"))
        .withBody(html)
        .withIsBase64Encoded(false)
        .build();
  }

  // ---------------------------------------------------------------- helpers

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  private static Map<String, String> with(Map<String, String> query, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(query);
    copy.put(name, value);
    return copy;
  }

  private static int intParam(
      Map<String, String> query, String name, int fallback, int min, int max) {
    String raw = query.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, name + " must be a whole number in " + min + ".." + max);
    }
  }

  private static String bodyText(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null || body.isEmpty()) {
      throw new MenagerieException(ErrorCode.EMPTY_BODY, "the request has no body");
    }
    if (event.getIsBase64Encoded()) {
      try {
        return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new MenagerieException(ErrorCode.INVALID_BASE64, "the body is not valid base64");
      }
    }
    return body;
  }

  private static JsonNode jsonBody(APIGatewayV2HTTPEvent event) {
    String text = bodyText(event);
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new MenagerieException(ErrorCode.INVALID_JSON, "the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new MenagerieException(ErrorCode.INVALID_JSON, "the body is not JSON");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new MenagerieException(ErrorCode.INVALID_JSON, field + " must be a string");
    }
    return value.asText();
  }

  private static APIGatewayV2HTTPResponse csv(List<List<Object>> rows, String filename) {
    StringBuilder out = new StringBuilder();
    rows.forEach(r -> out.append(Csv.line(r)));
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(200)
        .withHeaders(
            Map.of(
                "Content-Type",
                "text/csv; charset=utf-8",
                "Content-Disposition",
                "attachment; filename=\"" + filename + "\""))
        .withBody(out.toString())
        .withIsBase64Encoded(false)
        .build();
  }
}
