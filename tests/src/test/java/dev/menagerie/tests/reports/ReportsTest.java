package dev.menagerie.tests.reports;

import static dev.menagerie.tests.reports.SeededReports.DAY1;
import static dev.menagerie.tests.reports.SeededReports.DAY2;
import static dev.menagerie.tests.reports.SeededReports.TODAY;
import static dev.menagerie.tests.reports.SeededReports.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.reports.ReportsHandler;
import dev.menagerie.reports.RollupHandler;
import dev.menagerie.reports.evaluation.DynamoEvaluationStore;
import dev.menagerie.reports.evaluation.Evaluation;
import dev.menagerie.reports.evaluation.Verdict;
import dev.menagerie.reports.rollup.DayAggregate;
import dev.menagerie.reports.rollup.Rollup;
import dev.menagerie.reports.rollup.RollupStore;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Evaluations, rollups and reports on the seeded world of {@link SeededReports}, every figure
 * worked out by hand below. All DynamoDB calls go through a client that fails on any Scan.
 *
 * <p>Evaluations recorded (t1 first as incorrect, then replaced by correct):
 *
 * <pre>
 * id  day    model label conf  verdict            judged as
 * t1  DAY1   v1    cat   0.95  correct (eve)      cat=cat
 * t2  DAY1   v1    dog   0.85  incorrect fox      fox->dog
 * t3  DAY1   v1    cat   0.55  incorrect dog      dog->cat
 * t5  DAY2   v1    fox   0.92  correct            fox=fox
 * t6  DAY2   v2    cat   0.97  unusable           -
 * t7  DAY2   v2    dog   0.65  correct (sam)      dog=dog
 * t8  TODAY  v2    cat   0.99  correct (CSV)      cat=cat
 * t9  TODAY  v2    fox   0.45  incorrect dog (CSV) dog->fox
 * </pre>
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalCloud cloud;
  private Seeded shared;
  private SeededReports world;
  private ReportsHandler handler;
  private RollupHandler rollup;
  private JsonNode imported;

  ReportsTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** A seeded world with its handlers and the CSV import's answer. */
  private record Seeded(
      SeededReports world, ReportsHandler handler, RollupHandler rollup, JsonNode imported) {}

  /**
   * The world most tests read: seeded, evaluated, imported and rolled up. Tests that only read it,
   * or repeat a write that changes nothing, share it; a test whose writes would change another's
   * figures seeds a world of its own, so every test can run alone or in any order.
   */
  @BeforeAll
  void seedTheSharedWorld() throws Exception {
    shared = seed(true);
  }

  @BeforeEach
  void useTheSharedWorld() {
    use(shared);
  }

  private void use(Seeded seeded) {
    world = seeded.world();
    handler = seeded.handler();
    rollup = seeded.rollup();
    imported = seeded.imported();
  }

  /**
   * A new world: seeded, evaluated as the table above says, the CSV imported; rolled up if asked.
   */
  private Seeded seed(boolean rolledUp) throws Exception {
    SeededReports w = new SeededReports(cloud);
    use(
        new Seeded(
            w,
            new ReportsHandler(w.environment(cloud), w.noScanClient, SeededReports.CLOCK),
            new RollupHandler(w.environment(cloud), w.noScanClient, SeededReports.CLOCK),
            null));
    assertThat(evaluate("t1", "incorrect", "lynx", "eve").getStatusCode()).isEqualTo(200);
    assertThat(evaluate("t1", "correct", null, "eve").getStatusCode()).isEqualTo(200);
    assertThat(evaluate("t2", "incorrect", "fox", "eve").getStatusCode()).isEqualTo(200);
    assertThat(evaluate("t3", "incorrect", "dog", "eve").getStatusCode()).isEqualTo(200);
    assertThat(evaluate("t5", "correct", null, "eve").getStatusCode()).isEqualTo(200);
    assertThat(evaluate("t6", "unusable", null, "eve").getStatusCode()).isEqualTo(200);
    assertThat(evaluate("t7", "correct", null, "sam").getStatusCode()).isEqualTo(200);
    String csv =
        "requestId,verdict,correctLabel,evaluator\n"
            + world.id("t8")
            + ",correct,,eve\n"
            + world.id("t9")
            + ",incorrect,dog,eve\n"
            + "no-such-request,correct,,eve\n";
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(event(ReportsHandler.IMPORT, Map.of(), Map.of(), csv), null);
    assertThat(response.getStatusCode()).isEqualTo(200);
    if (rolledUp) {
      assertThat(rolledUp(rollup.handleRequest(Map.of(), null))).hasSize(7);
    }
    Seeded seeded = new Seeded(world, handler, rollup, JSON.readTree(response.getBody()));
    use(seeded);
    return seeded;
  }

  // ---------------------------------------------------------------- evaluations

  @Test
  void repeatedEvaluation_shouldReplaceTheEarlierVerdictNotAddToIt() throws Exception {
    // GIVEN eve judged t1 incorrect, then correct; the figures with that state
    List<Evaluation> stored =
        new DynamoEvaluationStore(cloud.dynamo(), world.tables.get("EvaluationsTable"))
            .forTransaction(world.id("t1"));
    assertThat(stored).singleElement().extracting(Evaluation::verdict).isEqualTo(Verdict.CORRECT);
    JsonNode before = report(ReportsHandler.ACCURACY).path("totals");

    // WHEN she sends the same verdict again
    APIGatewayV2HTTPResponse again = evaluate("t1", "correct", null, "eve");

    // THEN it is still one evaluation and no figure moves
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.getBody()).path("verdict").asText()).isEqualTo("correct");
    assertThat(report(ReportsHandler.ACCURACY).path("totals")).isEqualTo(before);
    assertThat(before.path("evaluations").asLong()).isEqualTo(8);
  }

  @Test
  void evaluationOfAnUnknownTransaction_shouldBe404() throws Exception {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(
            event(
                ReportsHandler.EVALUATE,
                Map.of("requestId", "nope"),
                Map.of(),
                "{\"verdict\":\"correct\",\"evaluator\":\"eve\"}"),
            null);
    assertThat(response.getStatusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.getBody()).path("error").path("code").asText())
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void evaluationOfAFailedRequestOrWithoutCorrectLabel_shouldBeRefused() throws Exception {
    assertThat(evaluate("t4", "correct", null, "eve").getStatusCode()).isEqualTo(409);
    assertThat(evaluate("t2", "incorrect", null, "eve").getStatusCode()).isEqualTo(400);
    assertThat(evaluate("t2", "maybe", null, "eve").getStatusCode()).isEqualTo(400);
    assertThat(evaluate("t2", "incorrect", "dog", "eve").getStatusCode())
        .as("the correct label equals the prediction")
        .isEqualTo(400);
  }

  @Test
  void evaluationWithoutEvaluator_shouldBeTheAuthenticatedCaller() throws Exception {
    SeededReports other = new SeededReports(cloud);
    ReportsHandler h =
        new ReportsHandler(other.environment(cloud), other.noScanClient, SeededReports.CLOCK);
    APIGatewayV2HTTPResponse response =
        h.handleRequest(
            event(
                ReportsHandler.EVALUATE,
                Map.of("requestId", other.id("t5")),
                Map.of(),
                "{\"verdict\":\"correct\"}"),
            null);
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.getBody()).path("evaluator").asText())
        .isEqualTo("arn:aws:iam::000000000000:user/eve");
  }

  @Test
  void csvImport_shouldRecordGoodRowsReportTheBadOneAndBeRepeatable() throws Exception {
    assertThat(imported.path("recorded").asInt()).isEqualTo(2);
    assertThat(imported.path("rejected")).hasSize(1);
    assertThat(imported.path("rejected").get(0).path("line").asInt()).isEqualTo(4);
    assertThat(imported.path("rejected").get(0).path("code").asText()).isEqualTo("NOT_FOUND");

    // importing the same session again changes no figure
    JsonNode before = report(ReportsHandler.ACCURACY).path("totals");
    String again =
        "requestId,verdict,correctLabel,evaluator\n"
            + world.id("t8")
            + ",correct,,eve\n"
            + world.id("t9")
            + ",incorrect,dog,eve\n";
    handler.handleRequest(event(ReportsHandler.IMPORT, Map.of(), Map.of(), again), null);
    assertThat(report(ReportsHandler.ACCURACY).path("totals")).isEqualTo(before);
  }

  @Test
  void sample_shouldOfferUnevaluatedTransactionsByModelAndConfidenceBand() throws Exception {
    // GIVEN a fresh world where only t1 has been evaluated
    SeededReports fresh = new SeededReports(cloud);
    ReportsHandler h =
        new ReportsHandler(fresh.environment(cloud), fresh.noScanClient, SeededReports.CLOCK);
    h.handleRequest(
        event(
            ReportsHandler.EVALUATE,
            Map.of("requestId", fresh.id("t1")),
            Map.of(),
            "{\"verdict\":\"correct\",\"evaluator\":\"eve\"}"),
        null);

    // WHEN a sample of one per stratum is asked for over the three days
    APIGatewayV2HTTPResponse response =
        h.handleRequest(
            event(
                ReportsHandler.SAMPLE,
                Map.of(),
                Map.of("from", DAY1.toString(), "to", TODAY.toString(), "perStratum", "1"),
                null),
            null);

    // THEN six strata; t1 (evaluated) and t4 (failed) are never offered; v2's top band has two
    JsonNode body = JSON.readTree(response.getBody());
    Map<String, Integer> available = new TreeMap<>();
    body.path("strata")
        .forEach(
            s ->
                available.put(
                    s.path("modelVersion").asText() + " " + s.path("confidenceBand").asText(),
                    s.path("notEvaluated").asInt()));
    assertThat(available)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "v1 0.9-1.0", 1,
                "v1 0.8-0.9", 1,
                "v1 0.5-0.6", 1,
                "v2 0.9-1.0", 2,
                "v2 0.6-0.7", 1,
                "v2 0.4-0.5", 1));
    assertThat(body.path("total").asInt()).isEqualTo(6);
    assertThat(response.getBody()).doesNotContain(fresh.id("t1")).doesNotContain(fresh.id("t4"));
  }

  // ---------------------------------------------------------------- rollups

  @Test
  void rollup_shouldEqualADirectCountOfTheSeededTransactions() throws Exception {
    // GIVEN a world not rolled up yet
    seed(false);
    // WHEN the scheduled rollup runs (its event is ignored)
    Map<String, Object> result = rollup.handleRequest(Map.of("source", "aws.events"), null);

    // THEN the last seven days are rolled up, today is not
    assertThat(rolledUp(result)).hasSize(7).contains("2026-11-18", "2026-11-19");
    assertThat(rolledUp(result)).doesNotContain(TODAY.toString());
    RollupStore.Rolled rolled =
        new RollupStore(world.noScanClient, world.tables.get("RollupsTable")).read(DAY1, DAY2);
    assertThat(rolled.days()).containsExactly(DAY1, DAY2);
    for (LocalDate day : List.of(DAY1, DAY2)) {
      Map<String, Map<String, Long>> expected = directCount(day);
      Map<String, DayAggregate> actual = rolled.aggregates().get(day);
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      expected.forEach(
          (model, counts) -> {
            DayAggregate a = actual.get(model);
            assertThat(a.requests()).as(day + " " + model).isEqualTo(counts.get("requests"));
            assertThat(a.latencySumMs()).isEqualTo(counts.get("latencySum"));
            counts.forEach(
                (key, n) -> {
                  if (key.startsWith("label:")) {
                    assertThat(a.byLabel()).containsEntry(key.substring(6), n);
                  } else if (key.startsWith("status:")) {
                    assertThat(a.byStatus()).containsEntry(key.substring(7), n);
                  } else if (key.startsWith("caller:")) {
                    assertThat(a.byCaller()).containsEntry(key.substring(7), n);
                  }
                });
          });
    }
    // AND a second run finds nothing left to do
    assertThat(rolledUp(rollup.handleRequest(Map.of(), null))).isEmpty();
  }

  /** Per model version: requests, latency sum and label/status/caller counts, counted directly. */
  private Map<String, Map<String, Long>> directCount(LocalDate day) {
    Map<String, Map<String, Long>> byModel = new TreeMap<>();
    for (Transaction t : world.transactions) {
      if (!t.createdAt().toString().startsWith(day.toString())) {
        continue;
      }
      Map<String, Long> c =
          byModel.computeIfAbsent(t.modelVersion().orElse(Rollup.NO_MODEL), m -> new HashMap<>());
      c.merge("requests", 1L, Long::sum);
      c.merge("latencySum", t.latencyMs(), Long::sum);
      c.merge("status:" + t.status(), 1L, Long::sum);
      c.merge("caller:" + t.caller(), 1L, Long::sum);
      t.top().ifPresent(p -> c.merge("label:" + p.label(), 1L, Long::sum));
    }
    return byModel;
  }

  // ---------------------------------------------------------------- reports

  @Test
  void usageReport_shouldMatchTheHandCountedFigures() throws Exception {
    JsonNode usage = report(ReportsHandler.USAGE);

    // past days from the rollups, today live
    assertThat(usage.path("period").path("rolledUpDays").asInt()).isEqualTo(2);
    assertThat(usage.path("period").path("liveDays").get(0).asText()).isEqualTo("2026-11-20");
    JsonNode totals = usage.path("totals");
    assertThat(totals.path("requests").asLong()).isEqualTo(9);
    assertThat(totals.path("errors").asLong()).isEqualTo(1);
    assertThat(map(totals.path("byStatus"))).isEqualTo(Map.of("200", 8L, "400", 1L));
    assertThat(map(totals.path("byModel"))).isEqualTo(Map.of("(none)", 1L, "v1", 4L, "v2", 4L));
    assertThat(map(totals.path("byLabel"))).isEqualTo(Map.of("cat", 4L, "dog", 2L, "fox", 2L));
    assertThat(map(totals.path("byCaller"))).isEqualTo(Map.of("alice", 5L, "bob", 4L));
    // latencies 5 60 70 80 90 100 100 110 120: nearest rank 5th, 9th, 9th
    assertThat(usage.path("latencyMs").path("p50").asLong()).isEqualTo(90);
    assertThat(usage.path("latencyMs").path("p95").asLong()).isEqualTo(120);
    assertThat(usage.path("latencyMs").path("p99").asLong()).isEqualTo(120);
    // 735 ms at 1 GB = 0.735 GB-s x 0.01 + 9 requests x 0.001 = 0.01635; per 1,000: 1.816667
    JsonNode cost = usage.path("cost");
    assertThat(cost.path("gbSeconds").asDouble()).isCloseTo(0.735, within(1e-9));
    assertThat(cost.path("totalUsd").asDouble()).isCloseTo(0.01635, within(1e-9));
    assertThat(cost.path("per1000Usd").asDouble()).isCloseTo(1.816667, within(1e-9));
    JsonNode day1 = usage.path("days").get(0);
    assertThat(day1.path("day").asText()).isEqualTo("2026-11-18");
    assertThat(day1.path("requests").asLong()).isEqualTo(4);
    assertThat(map(day1.path("byModel"))).isEqualTo(Map.of("(none)", 1L, "v1", 3L));
    assertThat(day1.path("latencyMs").path("p50").asLong()).isEqualTo(80);
    assertThat(map(day1.path("byStatus"))).isEqualTo(Map.of("200", 3L, "400", 1L));
    assertThat(map(day1.path("byCaller"))).isEqualTo(Map.of("alice", 2L, "bob", 2L));

    // one model only
    JsonNode v2 = report(ReportsHandler.USAGE, Map.of("model", "v2"));
    assertThat(v2.path("totals").path("requests").asLong()).isEqualTo(4);
    assertThat(map(v2.path("totals").path("byLabel")))
        .isEqualTo(Map.of("cat", 2L, "dog", 1L, "fox", 1L));
  }

  @Test
  void accuracyReport_shouldMatchTheHandComputedFigures() throws Exception {
    JsonNode accuracy = report(ReportsHandler.ACCURACY);

    JsonNode totals = accuracy.path("totals");
    assertThat(totals.path("correct").asLong()).isEqualTo(4);
    assertThat(totals.path("incorrect").asLong()).isEqualTo(3);
    assertThat(totals.path("unusable").asLong()).isEqualTo(1);
    assertThat(totals.path("accuracy").asDouble()).isEqualTo(0.5714);
    List<Double> perDay = new java.util.ArrayList<>();
    accuracy.path("days").forEach(d -> perDay.add(d.path("accuracy").asDouble()));
    assertThat(perDay).containsExactly(0.3333, 1.0, 0.5);
    // DAY2 per version: v1 judged t5 (right); v2 judged t7 (right), t6 was unusable
    JsonNode day2 = accuracy.path("days").get(1).path("byModel");
    assertThat(day2.path("v1").path("judged").asLong()).isEqualTo(1);
    assertThat(day2.path("v2").path("judged").asLong()).isEqualTo(1);
    assertThat(day2.path("v2").path("accuracy").asDouble()).isEqualTo(1.0);
    Map<String, Double> byModel = new TreeMap<>();
    accuracy
        .path("byModel")
        .forEach(m -> byModel.put(m.path("modelVersion").asText(), m.path("accuracy").asDouble()));
    assertThat(byModel).isEqualTo(Map.of("v1", 0.5, "v2", 0.6667));

    // reliability: 0.9-1.0 holds t1 t5 t8 (all right, mean confidence 0.9533); four singletons
    Map<String, JsonNode> bins = new TreeMap<>();
    accuracy.path("reliability").path("bins").forEach(b -> bins.put(b.path("band").asText(), b));
    assertThat(bins).hasSize(10);
    assertThat(bins.get("0.9-1.0").path("judged").asLong()).isEqualTo(3);
    assertThat(bins.get("0.9-1.0").path("accuracy").asDouble()).isEqualTo(1.0);
    assertThat(bins.get("0.9-1.0").path("meanConfidence").asDouble()).isEqualTo(0.9533);
    assertThat(bins.get("0.8-0.9").path("accuracy").asDouble()).isEqualTo(0.0);
    assertThat(bins.get("0.6-0.7").path("accuracy").asDouble()).isEqualTo(1.0);
    assertThat(bins.get("0.1-0.2").path("judged").asLong()).isZero();
    // ECE = 3/7 x |1 - 0.95333| + 1/7 x (0.85 + 0.35 + 0.55 + 0.45) = 0.3343
    assertThat(accuracy.path("reliability").path("ece").asDouble()).isEqualTo(0.3343);

    Map<String, List<Double>> classes = new TreeMap<>();
    accuracy
        .path("classes")
        .forEach(
            c ->
                classes.put(
                    c.path("label").asText(),
                    List.of(c.path("precision").asDouble(), c.path("recall").asDouble())));
    assertThat(classes)
        .isEqualTo(
            Map.of(
                "cat", List.of(0.6667, 1.0),
                "dog", List.of(0.5, 0.3333),
                "fox", List.of(0.5, 0.5)));
    List<String> confusions = new java.util.ArrayList<>();
    accuracy
        .path("confusions")
        .forEach(
            c ->
                confusions.add(
                    c.path("actual").asText()
                        + "->"
                        + c.path("predicted").asText()
                        + " "
                        + c.path("count").asInt()));
    assertThat(confusions).containsExactly("dog->cat 1", "dog->fox 1", "fox->dog 1");
  }

  @Test
  void modelsReport_shouldListVersionsPromotionsAndRuns() throws Exception {
    JsonNode models = report(ReportsHandler.MODELS);

    assertThat(models.path("production").asText()).isEqualTo("v2");
    assertThat(models.path("previousVersion").asText()).isEqualTo("v1");
    assertThat(models.path("promotions").findValuesAsText("version")).endsWith("v2");
    assertThat(
            models
                .path("promotions")
                .get(models.path("promotions").size() - 1)
                .path("previous")
                .asText())
        .isEqualTo("v1");
    assertThat(models.path("models")).hasSize(2);
    JsonNode v1 = models.path("models").get(0);
    JsonNode v2 = models.path("models").get(1);
    assertThat(v1.path("version").asText()).isEqualTo("v1");
    assertThat(v1.path("status").asText()).isEqualTo("RETIRED");
    assertThat(v1.path("requests").asLong()).isEqualTo(4);
    assertThat(v1.path("evaluation").path("accuracy").asDouble()).isEqualTo(0.5);
    assertThat(v2.path("status").asText()).isEqualTo("PRODUCTION");
    assertThat(v2.path("parent").asText()).isEqualTo("v1");
    assertThat(v2.path("evaluation").path("accuracy").asDouble()).isEqualTo(0.6667);
    assertThat(models.path("runs").path("training").get(0).path("runId").asText())
        .isEqualTo("2026-11-19T08-00-00Z-train");
    assertThat(models.path("runs").path("bulk").get(0).path("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void csvExports_shouldCarryTheSameFigures() {
    APIGatewayV2HTTPResponse usage =
        handler.handleRequest(event(ReportsHandler.USAGE, Map.of(), period("csv"), null), null);
    assertThat(usage.getHeaders()).containsEntry("Content-Type", "text/csv; charset=utf-8");
    assertThat(usage.getBody().split("\n"))
        .startsWith(
            "day,modelVersion,requests,errors,latencyP50Ms,latencyP95Ms,latencyP99Ms,costUsd")
        .contains("2026-11-18,v1,3,0,100,120,120,0.006", "2026-11-20,v2,2,0,60,100,100,0.0036");
    APIGatewayV2HTTPResponse accuracy =
        handler.handleRequest(event(ReportsHandler.ACCURACY, Map.of(), period("csv"), null), null);
    assertThat(accuracy.getBody().split("\n"))
        .containsExactly(
            "label,truePositives,predicted,actual,precision,recall",
            "cat,2,3,2,0.6667,1.0",
            "dog,1,2,3,0.5,0.3333",
            "fox,1,2,2,0.5,0.5");
  }

  @Test
  void dashboard_shouldBeOneSelfContainedHtmlPage() {
    APIGatewayV2HTTPResponse page =
        handler.handleRequest(event(ReportsHandler.DASHBOARD, Map.of(), period(null), null), null);
    assertThat(page.getStatusCode()).isEqualTo(200);
    assertThat(page.getHeaders())
        .containsEntry("Content-Type", "text/html; charset=utf-8")
        .containsKey("Content-Security-Policy");
    assertThat(page.getBody())
        .startsWith("<!DOCTYPE html>")
        .contains("id=\"chart-requests\"", "id=\"chart-reliability\"", "id=\"table-classes\"")
        .doesNotContain("<script", "http://", "https://", "<link");
  }

  @Test
  void lateEvaluation_shouldShowAfterTheNextRollupNotBefore() throws Exception {
    // GIVEN a world of its own (this test changes DAY1's figures), DAY1 rolled up with 1 of 3 right
    seed(true);
    assertThat(report(ReportsHandler.ACCURACY).path("days").get(0).path("accuracy").asDouble())
        .isEqualTo(0.3333);

    // WHEN sam judges t2 (DAY1) correct
    assertThat(evaluate("t2", "correct", null, "sam").getStatusCode()).isEqualTo(200);

    // THEN reports keep reading DAY1 from its rollup until the rollup folds the marked day again
    assertThat(report(ReportsHandler.ACCURACY).path("days").get(0).path("accuracy").asDouble())
        .isEqualTo(0.3333);
    assertThat(rolledUp(rollup.handleRequest(Map.of(), null))).containsExactly("2026-11-18");
    assertThat(report(ReportsHandler.ACCURACY).path("days").get(0).path("accuracy").asDouble())
        .isEqualTo(0.5);
  }

  @Test
  void noReportPath_shouldHaveScanned() throws Exception {
    // every report goes through this client, which fails a Scan; make sure the reports really use
    // it and that it really would fail one
    int before = world.requests.get();
    for (String route :
        List.of(ReportsHandler.USAGE, ReportsHandler.ACCURACY, ReportsHandler.MODELS)) {
      report(route);
    }
    assertThat(world.requests.get()).isGreaterThan(before + 3);
    assertThatThrownBy(
            () -> world.noScanClient.scan(b -> b.tableName(world.tables.get("RollupsTable"))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Scan");
  }

  // ---------------------------------------------------------------- helpers

  private APIGatewayV2HTTPResponse evaluate(
      String name, String verdict, String correctLabel, String evaluator) throws Exception {
    Map<String, String> body = new HashMap<>();
    body.put("verdict", verdict);
    if (correctLabel != null) {
      body.put("correctLabel", correctLabel);
    }
    body.put("evaluator", evaluator);
    return handler.handleRequest(
        event(
            ReportsHandler.EVALUATE,
            Map.of("requestId", world.id(name)),
            Map.of(),
            JSON.writeValueAsString(body)),
        null);
  }

  private JsonNode report(String route) throws Exception {
    return report(route, Map.of());
  }

  private JsonNode report(String route, Map<String, String> extra) throws Exception {
    Map<String, String> query = new HashMap<>(period(null));
    query.putAll(extra);
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(event(route, Map.of(), query, null), null);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    return JSON.readTree(response.getBody());
  }

  @SuppressWarnings("unchecked")
  private static List<String> rolledUp(Map<String, Object> result) {
    return (List<String>) result.get("rolledUp");
  }

  private static Map<String, String> period(String format) {
    Map<String, String> query = new HashMap<>();
    query.put("from", DAY1.toString());
    query.put("to", TODAY.toString());
    if (format != null) {
      query.put("format", format);
    }
    return query;
  }

  private static Map<String, Long> map(JsonNode node) {
    Map<String, Long> m = new TreeMap<>();
    node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
    return m;
  }
}
