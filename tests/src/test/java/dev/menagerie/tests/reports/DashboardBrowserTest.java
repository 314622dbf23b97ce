package dev.menagerie.tests.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.local.api.LocalHttpApi;
import dev.menagerie.local.cli.OutsideTool;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.reports.RollupHandler;
import dev.menagerie.tests.OutsideTools;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard in a real browser: the local cloud serves the template's routes over the seeded
 * world; evaluations go in through the HTTP API (path parameter and CSV import); the rollup folds
 * the past days; headless Chromium renders {@code /dashboard}, saves a screenshot to {@code
 * tests/target/dashboard.png} and dumps the DOM it rendered, whose figures must be the seeded ones
 * (worked out in ReportsTest).
 *
 * <p>Chromium is Debian's {@code chromium} ({@code .ci/run} installs it). Without it the test is
 * skipped, unless {@code -Dmenagerie.browser.required=true} (as in CI) makes that a failure.
 */
@ExtendWith(LocalCloudExtension.class)
class DashboardBrowserTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LocalCloud cloud;

  DashboardBrowserTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @Test
  void dashboard_shouldRenderTheSeededFiguresInChromium() throws Exception {
    Path chromium = chromium();
    // GIVEN the seeded world with today's date, its models backed by a real (sample) model
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String location =
        new ModelRepository(cloud.s3(), cloud.resources().bucketNames().get(0))
            .upload(ModelInstaller.sampleModel());
    SeededReports world = new SeededReports(cloud, today, location);
    Map<String, String> environment = new LinkedHashMap<>(world.tableEnvironment());
    environment.put("CLASSIFY_MEMORY_MB", "1024");
    environment.put("PRICE_PER_GB_SECOND", "0.01");
    environment.put("PRICE_PER_REQUEST", "0.001");
    try (LocalHttpApi api = LocalHttpApi.start(cloud, 0, environment)) {
      // AND the evaluations of ReportsTest, through the HTTP API
      evaluate(api, world.id("t1"), "{\"verdict\":\"incorrect\",\"correctLabel\":\"lynx\"}");
      evaluate(api, world.id("t1"), "{\"verdict\":\"correct\"}");
      evaluate(api, world.id("t2"), "{\"verdict\":\"incorrect\",\"correctLabel\":\"fox\"}");
      evaluate(api, world.id("t3"), "{\"verdict\":\"incorrect\",\"correctLabel\":\"dog\"}");
      evaluate(api, world.id("t5"), "{\"verdict\":\"correct\"}");
      evaluate(api, world.id("t6"), "{\"verdict\":\"unusable\"}");
      evaluate(api, world.id("t7"), "{\"verdict\":\"correct\",\"evaluator\":\"sam\"}");
      HttpResponse<String> imported =
          HTTP.send(
              HttpRequest.newBuilder(api.url().resolve("/evaluations/import?evaluator=eve"))
                  .header("Content-Type", "text/csv")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "requestId,verdict,correctLabel\n"
                              + world.id("t8")
                              + ",correct,\n"
                              + world.id("t9")
                              + ",incorrect,dog\n"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(imported.body()).contains("\"recorded\":2");
      // AND the past days rolled up, as the schedule would
      Map<String, String> rollupEnvironment =
          new LinkedHashMap<>(cloud.functionEnvironment("RollupFunction"));
      rollupEnvironment.putAll(world.tableEnvironment());
      assertThat(new RollupHandler(rollupEnvironment).handleRequest(Map.of(), null).toString())
          .contains(today.minusDays(2).toString(), today.minusDays(1).toString());

      // WHEN Chromium opens the dashboard for the three days
      String url = api.url() + "/dashboard?from=" + today.minusDays(2) + "&to=" + today;
      Path target = LocalCloudExtension.repositoryRoot().resolve("tests/target");
      Files.createDirectories(target);
      Path screenshot = target.resolve("dashboard.png");
      Files.deleteIfExists(screenshot);
      run(chromium, target, "--screenshot=" + screenshot, "--window-size=1280,2000", url);
      String dom = run(chromium, target, "--dump-dom", url);
      Files.writeString(target.resolve("dashboard-dom.html"), dom);

      // THEN the screenshot exists and the rendered page shows the seeded figures
      assertThat(screenshot).isRegularFile();
      assertThat(Files.size(screenshot)).isGreaterThan(20_000);
      assertThat(figure(dom, "requests")).isEqualTo("9");
      assertThat(figure(dom, "errors")).isEqualTo("1");
      assertThat(figure(dom, "latency-p50")).isEqualTo("90");
      assertThat(figure(dom, "latency-p95")).isEqualTo("120");
      assertThat(figure(dom, "evaluations")).isEqualTo("8");
      assertThat(figure(dom, "accuracy")).isEqualTo("57.1%");
      assertThat(figure(dom, "ece")).isEqualTo("0.3343");
      assertThat(figure(dom, "cost-total")).isEqualTo("$0.0164");
      assertThat(figure(dom, "cost-per-1000")).isEqualTo("$1.82");
      // requests per day by model version: (day-2: none 1, v1 3), (day-1: v1 1, v2 2), (today: v2
      // 2)
      assertThat(bars(dom, "rect class=\"bar\"", "data-day", "data-model"))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  today.minusDays(2) + " (none)", "1",
                  today.minusDays(2) + " v1", "3",
                  today.minusDays(1) + " v1", "1",
                  today.minusDays(1) + " v2", "2",
                  today + " v2", "2"));
      // accuracy per day, overall and per model version (two versions in the period)
      assertThat(bars(dom, "circle class=\"point\" data-day", "data-day", "data-model"))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  today.minusDays(2) + " all", "0.3333",
                  today.minusDays(1) + " all", "1.0",
                  today + " all", "0.5",
                  today.minusDays(2) + " v1", "0.3333",
                  today.minusDays(1) + " v1", "1.0",
                  today.minusDays(1) + " v2", "1.0",
                  today + " v2", "0.5"));
      // the reliability diagram's five non-empty bands, three latency series
      assertThat(bars(dom, "rect class=\"bin\"", "data-band", null))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "0.9-1.0", "1.0", "0.8-0.9", "0.0", "0.6-0.7", "1.0", "0.5-0.6", "0.0", "0.4-0.5",
                  "0.0"));
      assertThat(count(dom, "circle class=\"point\" data-series=")).isEqualTo(9);
      // per class, the model timeline with the promotion, the runs
      assertThat(dom)
          .containsPattern("data-label=\"cat\">.*?data-figure=\"precision\">66\\.7%<")
          .containsPattern("data-label=\"dog\">.*?data-figure=\"recall\">33\\.3%<")
          .contains("data-version=\"v1\" data-status=\"RETIRED\"")
          .contains("data-version=\"v2\" data-status=\"PRODUCTION\"")
          .contains("data-run=\"2026-11-19T08-00-00Z-train\"")
          .contains("data-run=\"2026-11-19T12-00-00Z-bulk\"");
    }
  }

  private static void evaluate(LocalHttpApi api, String requestId, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(api.url().resolve("/transactions/" + requestId + "/evaluation"))
                .header("Content-Type", "application/json")
                .header("X-Menagerie-Caller", "eve")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static String figure(String dom, String name) {
    Matcher m = Pattern.compile("data-figure=\"" + name + "\">([^<]*)<").matcher(dom);
    assertThat(m.find()).as("figure " + name + " in the page").isTrue();
    return m.group(1);
  }

  /** Elements starting with {@code prefix}: "key [key2]" to their data-value. */
  private static Map<String, String> bars(String dom, String prefix, String key, String key2) {
    Map<String, String> values = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<" + Pattern.quote(prefix) + "[^>]*>").matcher(dom);
    while (m.find()) {
      String element = m.group();
      String name = attribute(element, key) + (key2 == null ? "" : " " + attribute(element, key2));
      values.put(name, attribute(element, "data-value"));
    }
    return values;
  }

  private static String attribute(String element, String name) {
    Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(element);
    return m.find() ? m.group(1) : null;
  }

  private static int count(String dom, String text) {
    int n = 0;
    for (int i = dom.indexOf(text); i >= 0; i = dom.indexOf(text, i + 1)) {
      n++;
    }
    return n;
  }

  /** Runs headless Chromium with a fresh profile; returns what it wrote to stdout. */
  private static String run(Path chromium, Path target, String... args) throws Exception {
    Path profile = Files.createTempDirectory(target, "chromium-profile-");
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(target.resolve("chromium.log").toFile()).start();
    try {
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("chromium did not finish within 90 s");
      }
      assertThat(process.exitValue()).as("chromium exit status (see chromium.log)").isZero();
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static Path chromium() {
    return OutsideTools.optional(
        OutsideTool.CHROMIUM,
        "the dashboard's browser test renders the page with it",
        "menagerie.browser.required");
  }
}
