package dev.menagerie.tests.reports;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.DynamoTransactionStore;
import dev.menagerie.common.store.ModelMetrics;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.store.TrainingFigures;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.local.cloud.LocalCloud;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * A small seeded world for the report tests, in tables of its own: nine transactions over two past
 * days and today (two model versions, one failed request), two registered models with a promotion,
 * a training and a bulk run. The figures every report must show are worked out by hand in
 * ReportsTest from the table in {@link #TRANSACTIONS}.
 */
final class SeededReports {
  static final LocalDate DAY1 = LocalDate.of(2026, 11, 18);
  static final LocalDate DAY2 = LocalDate.of(2026, 11, 19);
  static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
  static final Clock CLOCK =
      Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

  /**
   * id, day (0 = today, -1 = yesterday, ...), hour, model ("" = none), label, confidence, status,
   * latency ms, caller. Today's rows are at 00:00 and 00:01 so they are in the past at any time.
   */
  static final Object[][] TRANSACTIONS = {
    {"t1", -2, 9, "v1", "cat", 0.95f, 200, 100L, "alice"},
    {"t2", -2, 10, "v1", "dog", 0.85f, 200, 120L, "alice"},
    {"t3", -2, 11, "v1", "cat", 0.55f, 200, 80L, "bob"},
    {"t4", -2, 12, "", "", 0f, 400, 5L, "bob"},
    {"t5", -1, 9, "v1", "fox", 0.92f, 200, 110L, "alice"},
    {"t6", -1, 10, "v2", "cat", 0.97f, 200, 90L, "alice"},
    {"t7", -1, 11, "v2", "dog", 0.65f, 200, 70L, "bob"},
    {"t8", 0, 0, "v2", "cat", 0.99f, 200, 60L, "alice"},
    {"t9", 0, 0, "v2", "fox", 0.45f, 200, 100L, "bob"},
  };

  final String prefix = UUID.randomUUID().toString().substring(0, 8);
  final Map<String, String> tables = new LinkedHashMap<>();
  final List<Transaction> transactions = new ArrayList<>();
  final DynamoDbClient noScanClient;
  final AtomicInteger requests = new AtomicInteger();

  final LocalDate today;

  /** The world of ReportsTest: fixed days around {@link #TODAY}. */
  SeededReports(LocalCloud cloud) {
    this(cloud, TODAY, "models/");
  }

  /**
   * The world with {@code today} as its last day; models v1 and v2 are registered at {@code
   * modelLocation} (a real model's location when a classify handler will load them).
   */
  SeededReports(LocalCloud cloud, LocalDate today, String modelLocation) {
    this.today = today;
    for (String table :
        List.of(
            "TransactionsTable", "EvaluationsTable", "RollupsTable", "ModelsTable", "RunsTable")) {
      tables.put(table, cloud.createTableLike(table, prefix + "-" + table));
    }
    noScanClient = noScanClient(cloud, requests);
    DynamoTransactionStore store =
        new DynamoTransactionStore(cloud.dynamo(), tables.get("TransactionsTable"));
    for (Object[] row : TRANSACTIONS) {
      Transaction t = transaction(prefix, today, row);
      transactions.add(t);
      store.put(t);
    }
    DynamoModelRegistry registry =
        new DynamoModelRegistry(cloud.dynamo(), tables.get("ModelsTable"), CLOCK);
    registry.register(
        new ModelRecord(
            "v1",
            ModelStatus.CANDIDATE,
            modelLocation.equals("models/") ? "models/v1/" : modelLocation,
            "inception-v4",
            Optional.empty(),
            Instant.parse("2026-11-01T10:00:00Z"),
            storedMetrics("{\"accuracy\": 0.81}")));
    registry.register(
        new ModelRecord(
            "v2",
            ModelStatus.CANDIDATE,
            modelLocation.equals("models/") ? "models/v2/" : modelLocation,
            "inception-v4",
            Optional.of("v1"),
            Instant.parse("2026-11-19T09:30:00Z"),
            storedMetrics("{\"accuracy\": 0.86}")));
    registry.promote("v1", Optional.empty());
    registry.promote("v2", Optional.of("v1"));
    DynamoRunStore runs = new DynamoRunStore(cloud.dynamo(), tables.get("RunsTable"));
    runs.put(
        new RunRecord(
            RunKind.TRAINING,
            "2026-11-19T08-00-00Z-train",
            RunStatus.SUCCEEDED,
            Instant.parse("2026-11-19T08:00:00Z"),
            Optional.of(Instant.parse("2026-11-19T09:20:00Z")),
            Optional.of("v2"),
            TrainingFigures.asked("seeded", false, 3, null, null),
            Optional.empty()));
    runs.put(
        new RunRecord(
            RunKind.BULK,
            "2026-11-19T12-00-00Z-bulk",
            RunStatus.FAILED,
            Instant.parse("2026-11-19T12:00:00Z"),
            Optional.of(Instant.parse("2026-11-19T12:05:00Z")),
            Optional.of("v2"),
            new BulkFigures("inbox/x/", 40, null, null, null, null, null),
            Optional.of("inbox unreadable")));
  }

  static Transaction transaction(String prefix, LocalDate today, Object[] row) {
    String model = (String) row[3];
    List<Prediction> predictions =
        model.isEmpty() ? List.of() : List.of(new Prediction((String) row[4], (Float) row[5]));
    int status = (Integer) row[6];
    return new Transaction(
        prefix + "-" + row[0],
        today
            .plusDays((Integer) row[1])
            .atTime((Integer) row[2], "t9".equals(row[0]) ? 1 : 0)
            .toInstant(ZoneOffset.UTC),
        (String) row[8],
        "body",
        model.isEmpty() ? Optional.empty() : Optional.of(model),
        predictions,
        status,
        status == 200 ? Optional.empty() : Optional.of("NOT_AN_IMAGE"),
        (Long) row[7],
        Optional.of("00".repeat(32)),
        1234);
  }

  /** The seeded request id of "t1" .. "t9". */
  String id(String name) {
    return prefix + "-" + name;
  }

  /** The reports function's environment, pointed at this world's tables, with round prices. */
  Map<String, String> environment(LocalCloud cloud) {
    Map<String, String> env = new LinkedHashMap<>(cloud.functionEnvironment("ReportsFunction"));
    env.putAll(tableEnvironment());
    env.put("CLASSIFY_MEMORY_MB", "1024");
    env.put("PRICE_PER_GB_SECOND", "0.01");
    env.put("PRICE_PER_REQUEST", "0.001");
    return env;
  }

  Map<String, String> tableEnvironment() {
    return Map.of(
        "TRANSACTIONS_TABLE", tables.get("TransactionsTable"),
        "EVALUATIONS_TABLE", tables.get("EvaluationsTable"),
        "ROLLUPS_TABLE", tables.get("RollupsTable"),
        "MODELS_TABLE", tables.get("ModelsTable"),
        "RUNS_TABLE", tables.get("RunsTable"));
  }

  /**
   * A client like the functions' but one that fails any Scan, and counts requests: every report,
   * evaluation and rollup path runs through it, so a Scan anywhere fails the test that reached it.
   */
  static DynamoDbClient noScanClient(LocalCloud cloud, AtomicInteger requests) {
    ExecutionInterceptor forbidScan =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.incrementAndGet();
            if (context.request() instanceof ScanRequest scan) {
              throw new AssertionError("a Scan of " + scan.tableName() + " on a report path");
            }
          }
        };
    return DynamoDbClient.builder()
        .endpointOverride(cloud.dynamoEndpoint())
        .region(Region.of(cloud.awsSettings().region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCloud.ACCESS_KEY, LocalCloud.SECRET_KEY)))
        .overrideConfiguration(o -> o.addExecutionInterceptor(forbidScan))
        .build();
  }

  static APIGatewayV2HTTPEvent event(
      String routeKey, Map<String, String> path, Map<String, String> query, String body) {
    String method = routeKey.substring(0, routeKey.indexOf(' '));
    String rawPath = routeKey.substring(routeKey.indexOf(' ') + 1);
    for (Map.Entry<String, String> p : path.entrySet()) {
      rawPath = rawPath.replace("{" + p.getKey() + "}", p.getValue());
    }
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(routeKey)
        .withRawPath(rawPath)
        .withPathParameters(path.isEmpty() ? null : path)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withHeaders(Map.of("content-type", "application/json"))
        .withBody(body)
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey(routeKey)
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(rawPath)
                        .build())
                .withAuthorizer(
                    APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(
                            APIGatewayV2HTTPEvent.RequestContext.IAM
                                .builder()
                                .withUserArn("arn:aws:iam::000000000000:user/eve")
                                .build())
                        .build())
                .build())
        .build();
  }

  /** Model metrics as an older version stored them: a key this version does not type. */
  private static ModelMetrics storedMetrics(String json) {
    try {
      return new ObjectMapper().readValue(json, ModelMetrics.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
