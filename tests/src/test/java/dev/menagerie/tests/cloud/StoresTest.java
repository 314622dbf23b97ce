package dev.menagerie.tests.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.model.TrainingMetrics;
import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.DaySharding;
import dev.menagerie.common.store.DecisionSummary;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalCloudExtension.class)
class StoresTest {
  private final LocalCloud cloud;

  StoresTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @Test
  void transactions_shouldBeReadBackByIdAndByDayAcrossAllShards() {
    // GIVEN a day of its own (far in the past, so no other test writes to it) and 40 transactions
    String table = cloud.createTableLike("TransactionsTable", "tx-" + UUID.randomUUID());
    DynamoTransactionStore store = new DynamoTransactionStore(cloud.dynamo(), table);
    LocalDate day = LocalDate.of(2001, 2, 3);
    Instant start = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    Set<String> shards = new HashSet<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "req-" + i;
      ids.add(id);
      shards.add(DaySharding.shardKey(start, id));
      store.put(transaction(id, start.plusSeconds(i * 60L), i % 5 == 0));
    }
    store.put(transaction("next-day", start.plusSeconds(86_400 + 5), false));

    // WHEN read by id and by day
    Transaction one = store.get("req-7").orElseThrow();
    List<Transaction> dayList = store.listDay(day);

    // THEN every field survives, the day holds exactly its 40 in time order, spread over shards
    assertThat(one.predictions())
        .containsExactly(new Prediction("red", 0.75f), new Prediction("blue", 0.25f));
    assertThat(one.caller()).isEqualTo("arn:test");
    assertThat(one.imageSha256()).contains("abc");
    assertThat(store.get("req-0").orElseThrow().errorCode()).contains("CORRUPT_IMAGE");
    assertThat(dayList).extracting(Transaction::requestId).containsExactlyElementsOf(ids);
    assertThat(shards).hasSizeGreaterThan(8);
    assertThat(store.get("missing")).isEmpty();
  }

  @Test
  void promote_shouldMoveTheAliasOnlyFromTheVersionItStillNames() {
    DynamoModelRegistry registry = freshRegistry();
    registry.register(model("v1"));
    registry.register(model("v2"));

    registry.promote("v1", Optional.empty());
    assertThat(registry.productionVersion()).contains("v1");

    // a stale expectation loses
    assertThatThrownBy(() -> registry.promote("v2", Optional.of("v0")))
        .isInstanceOf(MenagerieException.class)
        .extracting(e -> ((MenagerieException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
    assertThat(registry.productionVersion()).contains("v1");

    registry.promote("v2", Optional.of("v1"));
    assertThat(registry.productionVersion()).contains("v2");
    assertThat(registry.get("v1").orElseThrow().status()).isEqualTo(ModelStatus.RETIRED);
    assertThat(registry.get("v2").orElseThrow().status()).isEqualTo(ModelStatus.PRODUCTION);
    assertThat(registry.list()).extracting(ModelRecord::version).containsExactly("v1", "v2");
  }

  @Test
  void promote_twoAtOnce_shouldHaveExactlyOneWinner() throws Exception {
    DynamoModelRegistry registry = freshRegistry();
    registry.register(model("base"));
    registry.register(model("a"));
    registry.register(model("b"));
    registry.promote("base", Optional.empty());

    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (String version : List.of("a", "b")) {
        Callable<Boolean> attempt =
            () -> {
              go.await();
              try {
                registry.promote(version, Optional.of("base"));
                return true;
              } catch (MenagerieException e) {
                return false;
              }
            };
        results.add(pool.submit(attempt));
      }
      go.countDown();
      int winners = 0;
      for (Future<Boolean> result : results) {
        winners += result.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(registry.productionVersion())
          .hasValueSatisfying(v -> assertThat(v).isIn("a", "b"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void register_twice_shouldBeAConflictAndKeepTheFirst() {
    DynamoModelRegistry registry = freshRegistry();
    registry.register(model("v1"));
    assertThatThrownBy(() -> registry.register(model("v1").withStatus(ModelStatus.REJECTED)))
        .hasMessageContaining("already registered");
    assertThat(registry.get("v1").orElseThrow().status()).isEqualTo(ModelStatus.CANDIDATE);
  }

  @Test
  void rollback_shouldRestoreThePreviousProductionAndLogEveryMove() {
    DynamoModelRegistry registry = freshRegistry();
    registry.register(model("v1"));
    registry.register(model("v2"));
    assertThatThrownBy(registry::rollback).hasMessageContaining("no previous production version");

    registry.promote("v1", Optional.empty(), "first");
    registry.promote("v2", Optional.of("v1"), "training run r2");
    String restored = registry.rollback();

    assertThat(restored).isEqualTo("v1");
    assertThat(registry.productionVersion()).contains("v1");
    assertThat(registry.get("v1").orElseThrow().status()).isEqualTo(ModelStatus.PRODUCTION);
    assertThat(registry.get("v2").orElseThrow().status()).isEqualTo(ModelStatus.RETIRED);
    assertThat(registry.promotions())
        .extracting(p -> p.version() + "<-" + p.previous().orElse("-") + ":" + p.reason())
        .containsExactly("v1<--:first", "v2<-v1:training run r2", "v1<-v2:rollback from v2");
  }

  @Test
  void updateMetrics_shouldKeepTheStoredMetricsAndAddTheChange() {
    DynamoModelRegistry registry = freshRegistry();
    registry.register(model("v1"));
    DecisionSummary decision =
        new DecisionSummary("REJECT", List.of("why"), null, "s3://b/e.json", Map.of(), null);
    registry.updateMetrics("v1", m -> m.withDecision(decision));
    assertThat(registry.get("v1").orElseThrow().metrics())
        .isEqualTo(model("v1").metrics().withDecision(decision));
    assertThatThrownBy(() -> registry.updateMetrics("nope", m -> m.withFailure("boom")))
        .hasMessageContaining("not registered");
  }

  @Test
  void promote_aThrowAwayModel_shouldBeRefused() {
    DynamoModelRegistry registry = freshRegistry();
    registry.register(model("t1").withStatus(ModelStatus.THROW_AWAY));
    assertThatThrownBy(() -> registry.promote("t1", Optional.empty()))
        .hasMessageContaining("THROW_AWAY");
    assertThat(registry.productionVersion()).isEmpty();
  }

  @Test
  void runs_shouldBeListedNewestFirstPerKind() {
    String table = cloud.createTableLike("RunsTable", "runs-" + UUID.randomUUID());
    DynamoRunStore runs = new DynamoRunStore(cloud.dynamo(), table);
    Instant t = Instant.parse("2026-11-29T10:00:00Z");
    for (int i = 0; i < 3; i++) {
      runs.put(
          new RunRecord(
              RunKind.BULK,
              "2026-11-29T10-0" + i + "-00Z-b",
              RunStatus.RUNNING,
              t.plusSeconds(60L * i),
              Optional.empty(),
              Optional.of("v1"),
              BulkFigures.started("inbox/a/"),
              Optional.empty()));
    }
    RunRecord training =
        new RunRecord(
            RunKind.TRAINING,
            "2026-11-29T09-00-00Z-t",
            RunStatus.RUNNING,
            t,
            Optional.empty(),
            Optional.empty(),
            TrainingFigures.asked("t", false, 3, null, null),
            Optional.empty());
    runs.put(training);
    runs.put(
        training.finished(
            RunStatus.FAILED,
            t.plusSeconds(5),
            training.training().withOutcome("x"),
            Optional.of("boom")));

    assertThat(runs.recent(RunKind.BULK, 2))
        .extracting(RunRecord::runId)
        .containsExactly("2026-11-29T10-02-00Z-b", "2026-11-29T10-01-00Z-b");
    RunRecord failed = runs.get(RunKind.TRAINING, "2026-11-29T09-00-00Z-t").orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error()).contains("boom");
    assertThat(failed.figures()).isEqualTo(training.training().withOutcome("x"));
    assertThat(runs.recent(RunKind.BULK, 1).get(0).bulk().prefix()).isEqualTo("inbox/a/");
    assertThat(runs.get(RunKind.BULK, "2026-11-29T09-00-00Z-t")).isEmpty();
  }

  private DynamoModelRegistry freshRegistry() {
    String table = cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID());
    return new DynamoModelRegistry(cloud.dynamo(), table, Clock.systemUTC());
  }

  private static ModelRecord model(String version) {
    return new ModelRecord(
        version,
        ModelStatus.CANDIDATE,
        "models/" + version + "/",
        "test",
        Optional.empty(),
        Instant.parse("2026-11-29T00:00:00Z"),
        ModelMetrics.NONE.withTraining(
            new TrainingMetrics(0.9, null, null, null, null, null, null, null, null, Map.of())));
  }

  private static Transaction transaction(String id, Instant at, boolean failed) {
    return new Transaction(
        id,
        at,
        "arn:test",
        "body",
        Optional.of("v1"),
        failed ? List.of() : List.of(new Prediction("red", 0.75f), new Prediction("blue", 0.25f)),
        failed ? 400 : 200,
        failed ? Optional.of("CORRUPT_IMAGE") : Optional.empty(),
        12,
        Optional.of("abc"),
        1234);
  }
}
