package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.sfn.LocalStateMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's throw-away run, as the demo shows it: the first run left the classes below the cutoff
 * out; a run at a lower cutoff includes them, is never promoted, and re-identifies the inbox, so
 * that {@code filter low-count} finds the unlabelled images of those classes. It warm-starts from
 * the production model (head reset) with a short budget. Done once: a registered throw-away model
 * means it ran.
 */
final class DemoThrowAwayRun {
  /** The throw-away run's cutoff: low enough for the demo's small class. */
  static final int CUTOFF = 20;

  /** Its budget (a warm start: the body has learned the other classes already). */
  static final int EPOCHS = 6;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalCloud cloud;
  private final Path repoRoot;
  private final PrintStream out;
  private final ModelRegistry registry;
  private final Map<String, String> hyperparameters;

  DemoThrowAwayRun(
      LocalCloud cloud,
      Path repoRoot,
      PrintStream out,
      ModelRegistry registry,
      Map<String, String> hyperparameters) {
    this.hyperparameters = hyperparameters;
    this.cloud = cloud;
    this.repoRoot = repoRoot;
    this.out = out;
    this.registry = registry;
  }

  /** The version of the demo's throw-away model, if one was registered. */
  Optional<String> version() {
    return registry.list().stream()
        .filter(m -> m.status() == ModelStatus.THROW_AWAY)
        .map(m -> m.version())
        .reduce((a, b) -> b);
  }

  /**
   * Runs it for {@code epochs} unless it ran before; {@code leftOut} (class → images) says what the
   * first run left out. Returns the seconds it took, or empty when it did not run.
   */
  Optional<Double> runOnce(Map<String, Integer> leftOut, int epochs)
      throws IOException, InterruptedException {
    if (leftOut.isEmpty() || version().isPresent()) {
      return Optional.empty();
    }
    out.println(
        "» A throw-away run at cutoff "
            + CUTOFF
            + " (the seed's way to find the missing images of "
            + String.join(", ", leftOut.keySet())
            + "): it includes them, warm-starts from production for "
            + epochs
            + " epochs, is never promoted, and re-identifies the inbox ...");
    out.flush();
    ObjectNode input = JSON.createObjectNode();
    input.put("name", "demo-throw-away");
    input.put("throwAway", true);
    input.put("cutoff", CUTOFF);
    input.put("epochs", epochs);
    input.put("patience", epochs);
    ObjectNode hp = input.putObject("hyperparameters");
    hyperparameters.forEach(hp::put);
    long start = System.nanoTime();
    LocalStateMachine.Execution execution =
        LocalStateMachine.of(cloud, repoRoot, "TrainingStateMachine", Map.of())
            .progress(new TrainingProgress(out)::accept)
            .run(input);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!execution.succeeded()) {
      out.println(
          "  The throw-away run failed ("
              + execution.error()
              + "); `./menagerie runs` shows why. The filters read the production model.");
      return Optional.of(seconds);
    }
    JsonNode decision = execution.output().path("decision");
    out.println(
        String.format(
            Locale.ROOT,
            "  %s: %s in %.0f s; the inbox was re-identified with it",
            execution.output().path("run").path("version").asText(),
            decision.path("outcome").asText(),
            seconds));
    return Optional.of(seconds);
  }
}
