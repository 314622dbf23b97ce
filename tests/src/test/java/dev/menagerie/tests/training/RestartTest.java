package dev.menagerie.tests.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.local.cli.Endpoints;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What a start of the local cloud finds from an earlier one on the same data. */
class RestartTest {
  private Path data;
  private Launcher launcher;
  private Process up;

  @BeforeEach
  void start() throws Exception {
    data = Files.createTempDirectory("menagerie-restart-");
    launcher = new Launcher(LocalCloudExtension.repositoryRoot(), data);
  }

  @AfterEach
  void stop() throws Exception {
    Launcher.stopAndDelete(up, data);
  }

  @Test
  void aSecondStartOnTheSameData_shouldBeRefusedNamingTheRunningOne() throws Exception {
    // GIVEN a local cloud running on DATA
    up = launcher.start("up", "--data", data.toString(), "--port", "0", "--no-sample-model");
    Endpoints endpoints = launcher.awaitEndpoints(up);
    // WHEN another is started on the same DATA
    Launcher.Result second =
        launcher.run(Duration.ofMinutes(1), "up", "--data", data.toString(), "--port", "0");
    // THEN it is refused with the running one's pid and API, and the first still answers
    assertThat(second.exit()).isEqualTo(1);
    assertThat(second.output())
        .contains("already running")
        .contains(String.valueOf(endpoints.pid()))
        .contains(endpoints.apiUrl());
    assertThat(Endpoints.read(data)).isEqualTo(endpoints);
    assertThat(launcher.run(Duration.ofMinutes(1), "runs", "--data", data.toString()).exit())
        .isZero();
  }

  /**
   * Ctrl-C during a run stops its execution with the local cloud, so the run's record stays
   * RUNNING; the next start marks it FAILED with the reason instead of showing it running forever.
   */
  @Test
  void aRunLeftRunningByAStop_shouldBeMarkedFailedAtTheNextStart() throws Exception {
    // GIVEN a local cloud stopped while a training run and a bulk run were RUNNING, beside a
    // training run that had ended
    up = launcher.start("up", "--data", data.toString(), "--port", "0", "--no-sample-model");
    Endpoints endpoints = launcher.awaitEndpoints(up);
    Instant started = Instant.parse("2026-11-30T01:00:00Z");
    RunRecord training =
        RunRecord.running(
            RunKind.TRAINING, "2026-11-30T01-00-00Z-aaaa", started, "v-interrupted", null);
    RunRecord bulk =
        RunRecord.running(RunKind.BULK, "2026-11-30T01-00-00Z-bbbb", started, "v-x", null);
    RunRecord ended =
        RunRecord.running(RunKind.TRAINING, "2026-11-30T00-00-00Z-cccc", started, "v-ok", null)
            .finished(RunStatus.SUCCEEDED, started.plusSeconds(60), null, Optional.empty());
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      DynamoRunStore runs = new DynamoRunStore(dynamo, endpoints.tables().get("RunsTable"));
      runs.put(training);
      runs.put(bulk);
      runs.put(ended);
    }
    up.destroy();
    assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();

    // WHEN it starts again on the same data
    up = launcher.start("up", "--data", data.toString(), "--port", "0", "--no-sample-model");
    endpoints = launcher.awaitEndpoints(up);

    // THEN both runs are FAILED with the reason, the ended one is untouched, and `runs` shows it
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      DynamoRunStore runs = new DynamoRunStore(dynamo, endpoints.tables().get("RunsTable"));
      for (RunRecord run : new RunRecord[] {training, bulk}) {
        RunRecord now = runs.get(run.kind(), run.runId()).orElseThrow();
        assertThat(now.status()).isEqualTo(RunStatus.FAILED);
        assertThat(now.error()).get().asString().contains("interrupted");
        assertThat(now.endedAt()).isPresent();
      }
      RunRecord still = runs.get(RunKind.TRAINING, ended.runId()).orElseThrow();
      assertThat(still.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(still.endedAt()).isEqualTo(ended.endedAt());
    }
    assertThat(launcher.startedOutput()).contains("Run " + training.runId() + " was interrupted");
    Launcher.Result listed = launcher.run(Duration.ofMinutes(1), "runs", "--data", data.toString());
    assertThat(listed.output()).contains(training.runId()).contains("FAILED");
  }
}
