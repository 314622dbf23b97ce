package dev.menagerie.tests.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.cli.Endpoints;
import dev.menagerie.tests.TestImages;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console of a local session is for people: progress, outcomes and errors. The functions'
 * Powertools JSON logs and EMF metrics, which Lambda sends to CloudWatch, go to a file per function
 * under DATA/logs; --verbose puts them back on the console.
 */
class ConsoleTest {
  private Path data;
  private Launcher launcher;
  private Process up;

  @BeforeEach
  void start() throws Exception {
    data = Files.createTempDirectory("menagerie-console-");
    launcher = new Launcher(LocalCloudExtension.repositoryRoot(), data);
  }

  @AfterEach
  void stop() throws Exception {
    Launcher.stopAndDelete(up, data);
  }

  /** A function's log line or metric blob, as Powertools writes them to stdout. */
  static List<String> functionLines(String console) {
    return console
        .lines()
        .map(String::strip)
        .filter(l -> l.startsWith("{\"level\":") || l.startsWith("{\"_aws\":"))
        .toList();
  }

  @Test
  void upAndTheCommandsThatRunFunctions_shouldPrintNoJsonLine_andLogToAFilePerFunction()
      throws Exception {
    // GIVEN ./menagerie up, with the sample model for the classify function to load
    up = launcher.start("up", "--data", data.toString(), "--port", "0");
    Endpoints endpoints = launcher.awaitEndpoints(up);
    launcher.awaitStartedOutput(up, "Press Ctrl-C", Duration.ofMinutes(2));

    // WHEN a photo is classified and a bad body refused (both log and emit metrics), and the
    // rollup command runs the rollup function in its own process
    HttpClient http = HttpClient.newHttpClient();
    assertThat(classify(http, endpoints, TestImages.jpeg(64, 48, Color.ORANGE))).isEqualTo(200);
    assertThat(classify(http, endpoints, "not an image".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(400);
    Launcher.Result rollup =
        launcher.run(
            Duration.ofMinutes(1),
            "rollup",
            "--data",
            data.toString(),
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-05");

    // THEN neither console has a JSON line; up said once where the logs are
    String console = launcher.startedOutput();
    assertThat(functionLines(console)).as(console).isEmpty();
    assertThat(functionLines(rollup.output())).as(rollup.output()).isEmpty();
    assertThat(rollup.output()).contains("Rolled up: [2026-01-05]");
    Path logs = data.resolve("logs");
    assertThat(console.lines().filter(l -> l.contains("logs and metrics go to " + logs)))
        .hasSize(1);
    // AND the classify function's file holds its log lines and its metrics, and nothing else's
    String classify = Files.readString(logs.resolve("ClassifyFunction.log"));
    assertThat(classify)
        .contains("refused: NOT_AN_IMAGE")
        .contains("\"function_name\":\"ClassifyFunction\"")
        .contains("\"_aws\":")
        .contains("\"ClassifyRequests\":")
        .doesNotContain("rolled up");
    assertThat(functionLines(classify)).hasSameSizeAs(classify.lines().toList());
    // AND the rollups of up and of the command share the rollup function's file
    assertThat(Files.readString(logs.resolve("RollupFunction.log")))
        .contains("\"message\":\"rolled up 1 day(s): [2026-01-05]\"")
        .doesNotContain("ClassifyRequests");

    // WHEN the same command runs with --verbose
    Launcher.Result verbose =
        launcher.run(
            Duration.ofMinutes(1),
            "rollup",
            "--data",
            data.toString(),
            "--from",
            "2026-01-06",
            "--to",
            "2026-01-06",
            "--verbose");
    // THEN its function's log line is on the console, as Lambda writes it
    assertThat(verbose.exit()).as(verbose.output()).isZero();
    assertThat(functionLines(verbose.output()))
        .anyMatch(l -> l.contains("\"message\":\"rolled up 1 day(s): [2026-01-06]\""));
  }

  private static int classify(HttpClient http, Endpoints endpoints, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoints.apiUrl() + "/classify"))
            .header("Content-Type", "image/jpeg")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
