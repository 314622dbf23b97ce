package dev.menagerie.tests.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./menagerie demo --library sign-digits} as a user runs it, with its own first-run budget:
 * the real photos laid out and uploaded, the first model trained through the state machine and
 * promoted, the inbox identified, and every command the demo prints working as printed. It trains
 * for minutes, so it runs only with {@code -Dmenagerie.long=true}; the layout itself is checked in
 * the default run ({@code local/.../SignDigitsLibraryTest}).
 */
class SignDigitsDemoEndToEndTest {
  private static final Duration STEP = Duration.ofMinutes(2);
  private static final Duration RUN = Duration.ofMinutes(12);

  private Path data;
  private Process demo;

  @AfterEach
  void stop() throws Exception {
    if (data != null) {
      Launcher.stopAndDelete(demo, data);
    }
  }

  @Test
  void theRealPhotoDemo_shouldTrainAndPrintCommandsThatWork() throws Exception {
    assumeTrue(Boolean.getBoolean("menagerie.long"), "long run: -Dmenagerie.long=true");
    data = Files.createTempDirectory("menagerie-sign-digits-e2e-");
    Launcher launcher = new Launcher(LocalCloudExtension.repositoryRoot(), data);
    demo =
        launcher.start(
            "demo", "--library", "sign-digits", "--data", data.toString(), "--port", "0");
    launcher.awaitEndpoints(demo, RUN);
    String printed = launcher.awaitStartedOutput(demo, "Press Ctrl-C", RUN);
    assertThat(printed)
        .containsPattern("First model: held-out accuracy [0-9.]+ on [0-9]+ images after");
    assertThat(data.resolve("demo/holdout/9")).doesNotExist();
    JsonNode models = launcher.run(STEP, "models", "--json", "--data", data.toString()).json();
    assertThat(models.path("production").asText()).startsWith("v");

    String tries =
        printed.substring(
            printed.indexOf("Try, in another terminal:"), printed.indexOf("Press Ctrl-C"));
    List<String> suggested =
        tries.lines().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList();
    assertThat(suggested).anyMatch(l -> l.contains("holdout/5"));
    for (String line : suggested) {
      if (line.contains(" train ")) {
        continue;
      }
      Launcher.Result tried = launcher.shell(STEP, line);
      assertThat(tried.exit()).as(tried.output()).isZero();
      assertThat(tried.output()).as(line).isNotBlank().doesNotContain("Usage:", "\"error\"");
      if (line.contains("filter")) {
        assertThat(tried.output()).as(line).contains("inbox/demo/");
      }
    }

    // a second start on the same data with the other library is refused before it starts
    List<String> other =
        new ArrayList<>(List.of("demo", "--library", "synthetic", "--data", data.toString()));
    Launcher.Result refused = launcher.run(STEP, other.toArray(String[]::new));
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.output()).contains("holds the sign-digits library");
  }
}
