package dev.menagerie.benchmarks;

import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.DynamoTransactionStore;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.reports.ReportsConfig;
import dev.menagerie.reports.evaluation.DynamoEvaluationStore;
import dev.menagerie.reports.evaluation.Evaluation;
import dev.menagerie.reports.evaluation.Verdict;
import dev.menagerie.reports.report.CostModel;
import dev.menagerie.reports.report.DailyAggregates;
import dev.menagerie.reports.report.PromotionHistory;
import dev.menagerie.reports.report.ReportPeriod;
import dev.menagerie.reports.report.Reports;
import dev.menagerie.reports.report.UsageReport;
import dev.menagerie.reports.rollup.Rollup;
import dev.menagerie.reports.rollup.RollupStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Measure 5: the 90-day usage and accuracy reports (the real {@link Reports} over the rollups the
 * real {@link Rollup} wrote) versus a baseline that scans every transaction and evaluation of the
 * same tables and tallies the same totals. Items are written with the stores' own item mappers
 * (captured from their PutItem calls) and loaded with BatchWriteItem, to seed dynalite quickly.
 */
final class ReportsBench {
  static final String SECTION = "5. Reports (90 days)";
  static final List<String> LABELS =
      List.of("cat", "dog", "fox", "owl", "hare", "deer", "crow", "frog", "bee", "boar");

  private ReportsBench() {}

  static void run(Options options, LocalCloud cloud, Results results) throws Exception {
    int days = 90;
    int perDay = options.reps(1_000, 10_000);
    double evaluated = 0.02;
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> tables = new HashMap<>();
    for (String t :
        List.of(
            "TransactionsTable", "EvaluationsTable", "RollupsTable", "ModelsTable", "RunsTable")) {
      tables.put(t, cloud.createTableLike(t, prefix + "-" + t));
    }
    Clock clock = Clock.systemUTC();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate first = today.minusDays(days);

    // seed
    long seedStart = System.nanoTime();
    Capture txCapture = new Capture();
    Capture evCapture = new Capture();
    DynamoTransactionStore txMapper = new DynamoTransactionStore(txCapture, "x");
    DynamoEvaluationStore evMapper = new DynamoEvaluationStore(evCapture, "x");
    Random r = new Random(5);
    long seeded = 0;
    long expectedRequests = 0;
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (LocalDate day = first; day.isBefore(today); day = day.plusDays(1)) {
        String version = day.isBefore(first.plusDays(days / 2)) ? "v1" : "v2";
        for (int i = 0; i < perDay; i++) {
          Transaction t = transaction(r, day, version);
          txMapper.put(t);
          expectedRequests++;
          if (t.status() == 200 && r.nextDouble() < evaluated) {
            evMapper.put(evaluation(r, t, day));
          }
        }
        pending.add(
            writers.submit(
                batchWrite(cloud.dynamo(), tables.get("TransactionsTable"), txCapture.drain())));
        pending.add(
            writers.submit(
                batchWrite(cloud.dynamo(), tables.get("EvaluationsTable"), evCapture.drain())));
        if (pending.size() > 16) {
          for (Future<?> f : pending) {
            f.get();
          }
          pending.clear();
        }
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } finally {
      writers.shutdown();
    }
    seeded = expectedRequests;
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

    // the nightly rollup, as the scheduled function runs it
    DynamoTransactionStore transactions =
        new DynamoTransactionStore(cloud.dynamo(), tables.get("TransactionsTable"));
    DynamoEvaluationStore evaluations =
        new DynamoEvaluationStore(cloud.dynamo(), tables.get("EvaluationsTable"));
    RollupStore rollups = new RollupStore(cloud.dynamo(), tables.get("RollupsTable"));
    Rollup rollup = new Rollup(transactions, evaluations, rollups, clock, days);
    long rollStart = System.nanoTime();
    rollup.run(first, today.minusDays(1));
    double rollupSeconds = (System.nanoTime() - rollStart) / 1e9;

    Reports reports =
        new Reports(
            new DailyAggregates(rollups, rollup, clock),
            new DynamoModelRegistry(cloud.dynamo(), tables.get("ModelsTable"), clock),
            new PromotionHistory(cloud.dynamo(), tables.get("ModelsTable")),
            new DynamoRunStore(cloud.dynamo(), tables.get("RunsTable")),
            new CostModel(
                3008,
                ReportsConfig.DEFAULT_PRICE_PER_GB_SECOND,
                ReportsConfig.DEFAULT_PRICE_PER_REQUEST));
    ReportPeriod period = new ReportPeriod(first, today, Optional.empty());
    long[] reportedRequests = new long[1];
    Timer report = new Timer();
    Timer scan = new Timer();
    long[] scanned = new long[2];
    int reps = options.reps(3, 5);
    int scanReps = options.reps(2, 2);
    report(reports, period, reportedRequests);
    for (int i = 0; i < Math.max(reps, scanReps); i++) {
      if (i < scanReps) {
        scan.time(() -> scanned[0] = scanTally(cloud.dynamo(), tables, scanned));
      }
      if (i < reps) {
        report.time(() -> report(reports, period, reportedRequests));
      }
    }
    if (reportedRequests[0] != expectedRequests || scanned[0] != expectedRequests) {
      throw new IllegalStateException(
          "the report counts "
              + reportedRequests[0]
              + " requests and the scan "
              + scanned[0]
              + "; "
              + expectedRequests
              + " were seeded");
    }
    double ratio = scan.median() / report.median();
    results.figure("scan_over_report", ratio);
    results.figure("report_seconds", report.median() / 1e3);
    results.detail("reports", "days", days);
    results.detail("reports", "transactions_per_day", perDay);
    results.detail("reports", "transactions", seeded);
    results.detail("reports", "evaluations", scanned[1]);
    results.detail("reports", "seed_seconds", seedSeconds);
    results.detail("reports", "rollup_seconds", rollupSeconds);
    results.detail("reports", "report_ms", report.median());
    results.detail("reports", "scan_ms", scan.median());
    results.row(
        SECTION,
        String.format(
            "usage + accuracy over %d days × %,d transactions (+%,d evaluations) vs full scan",
            days, perDay, scanned[1]),
        Results.ms(report.median()),
        Results.ms(scan.median()),
        Results.ratio(ratio) + " faster",
        "≥ 100× and < 1 s",
        ratio >= 100 && report.median() < 1000);
    if (options.quick()) {
      results.note(
          "--quick seeds "
              + perDay
              + " transactions a day instead of 10,000: the scan, not the report, grows with the"
              + " volume, so the quick ratio understates the full one.");
    }
  }

  private static void report(Reports reports, ReportPeriod period, long[] requests) {
    var data = reports.load(period);
    UsageReport usage = reports.usage(period, data);
    reports.accuracy(period, reports.load(period));
    requests[0] = usage.totals().requests();
  }

  /**
   * The baseline: every transaction and evaluation read with a Scan and tallied (requests, errors,
   * latency, labels by day; verdicts by day).
   */
  private static long scanTally(DynamoDbClient dynamo, Map<String, String> tables, long[] counts) {
    Map<String, long[]> byDay = new HashMap<>();
    Map<String, Long> byLabel = new HashMap<>();
    long requests = 0;
    for (Map<String, AttributeValue> item : scanAll(dynamo, tables.get("TransactionsTable"))) {
      long[] d = byDay.computeIfAbsent(item.get("day").s(), k -> new long[4]);
      d[0]++;
      if (!item.get("status").n().equals("200")) {
        d[1]++;
      }
      d[2] += Long.parseLong(item.get("latencyMs").n());
      AttributeValue predictions = item.get("predictions");
      if (predictions != null && predictions.hasL() && !predictions.l().isEmpty()) {
        byLabel.merge(predictions.l().get(0).m().get("label").s(), 1L, Long::sum);
      }
      requests++;
    }
    long evaluations = 0;
    Map<String, long[]> verdicts = new HashMap<>();
    for (Map<String, AttributeValue> item : scanAll(dynamo, tables.get("EvaluationsTable"))) {
      long[] v = verdicts.computeIfAbsent(item.get("day").s(), k -> new long[2]);
      v[item.get("verdict").s().equals("CORRECT") ? 0 : 1]++;
      evaluations++;
    }
    counts[1] = evaluations;
    return requests;
  }

  private static List<Map<String, AttributeValue>> scanAll(DynamoDbClient dynamo, String table) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      ScanRequest.Builder request = ScanRequest.builder().tableName(table);
      if (start != null) {
        request.exclusiveStartKey(start);
      }
      ScanResponse page = dynamo.scan(request.build());
      items.addAll(page.items());
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return items;
  }

  private static Transaction transaction(Random r, LocalDate day, String version) {
    Instant at =
        day.atStartOfDay(ZoneOffset.UTC)
            .toInstant()
            .plusMillis((long) (r.nextDouble() * 86_399_000));
    boolean ok = r.nextDouble() > 0.02;
    List<Prediction> predictions = new ArrayList<>();
    if (ok) {
      int top = r.nextInt(LABELS.size());
      float c = 0.3f + 0.7f * r.nextFloat();
      predictions.add(new Prediction(LABELS.get(top), c));
      predictions.add(new Prediction(LABELS.get((top + 1) % LABELS.size()), (1 - c) / 2));
    }
    return new Transaction(
        UUID.randomUUID().toString(),
        at,
        "caller-" + r.nextInt(20),
        "body",
        ok ? Optional.of(version) : Optional.empty(),
        predictions,
        ok ? 200 : 400,
        ok ? Optional.empty() : Optional.of("INVALID_IMAGE"),
        ok ? 120 + r.nextInt(300) : 3,
        Optional.of(Long.toHexString(r.nextLong())),
        50_000 + r.nextInt(500_000));
  }

  private static Evaluation evaluation(Random r, Transaction t, LocalDate day) {
    Prediction top = t.top().orElseThrow();
    boolean correct = r.nextDouble() < top.confidence();
    return new Evaluation(
        t.requestId(),
        "bench",
        correct ? Verdict.CORRECT : Verdict.INCORRECT,
        correct ? Optional.empty() : Optional.of(LABELS.get(r.nextInt(LABELS.size()))),
        t.createdAt().plusSeconds(3600),
        day,
        t.modelVersion().orElseThrow(),
        top.label(),
        top.confidence());
  }

  private static Runnable batchWrite(
      DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
    return () -> {
      for (int from = 0; from < items.size(); from += 25) {
        List<WriteRequest> writes = new ArrayList<>();
        for (Map<String, AttributeValue> item :
            items.subList(from, Math.min(items.size(), from + 25))) {
          writes.add(
              WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        Map<String, List<WriteRequest>> request = Map.of(table, writes);
        while (!request.isEmpty()) {
          Map<String, List<WriteRequest>> current = request;
          BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(current));
          request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
      }
    };
  }

  /** A DynamoDB client that only records the items given to PutItem: the stores' mappers. */
  private static final class Capture implements DynamoDbClient {
    private List<Map<String, AttributeValue>> items = new ArrayList<>();

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
      items.add(request.item());
      return PutItemResponse.builder().build();
    }

    List<Map<String, AttributeValue>> drain() {
      List<Map<String, AttributeValue>> out = items;
      items = new ArrayList<>();
      return out;
    }

    @Override
    public String serviceName() {
      return "capture";
    }

    @Override
    public void close() {}
  }
}
