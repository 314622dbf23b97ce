package dev.menagerie.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmStartTest {
  @TempDir Path dir;

  /**
   * The small seeded version. Not in the default run yet: on these machines the small network does
   * not learn the synthetic classes within a test-sized budget (see training/README.md, status), so
   * the comparison is between two untrained runs and fails; {@code -Dmenagerie.long=true} runs it.
   */
  @Test
  void smallSeededBenchmark_shouldPlateauSoonerWithWarmStartAtNoLowerAccuracy() throws Exception {
    assumeTrue(Boolean.getBoolean("menagerie.long"), "long run: -Dmenagerie.long=true");
    // GIVEN model A trained on three classes, then two classes added
    WarmStartBenchmark.Settings settings =
        new WarmStartBenchmark.Settings(
            List.of("circle", "square", "star"),
            List.of("circle", "square", "star", "triangle", "cross"),
            24,
            8,
            64,
            10,
            8,
            16,
            7);
    // WHEN B is trained from scratch and warm-started from A, same data, budget and seed
    WarmStartBenchmark.Table table = WarmStartBenchmark.run(settings, dir, System.out);
    System.out.println(table.markdown());
    // THEN the warm start reaches the plateau in fewer epochs, at no lower test accuracy
    assertThat(table.warm().epochsToPlateau()).isLessThan(table.scratch().epochsToPlateau());
    assertThat(table.warm().test()).isGreaterThanOrEqualTo(table.scratch().test());
  }

  /**
   * The table in training/README.md (about an hour on 2 cores; the README's runs were the same
   * commands through {@code ./menagerie trainjob}, two at a time): {@code -Dmenagerie.long=true}.
   */
  @Test
  void fullBenchmark_shouldPrintTheTable() throws Exception {
    assumeTrue(Boolean.getBoolean("menagerie.long"), "long run: -Dmenagerie.long=true");
    WarmStartBenchmark.Settings settings =
        new WarmStartBenchmark.Settings(
            List.of("circle", "square", "triangle", "cross", "star"),
            List.of(
                "circle",
                "ellipse",
                "ring",
                "square",
                "triangle",
                "cross",
                "star",
                "stripes",
                "checker"),
            Integer.getInteger("menagerie.benchmark.perClass", 150),
            30,
            128,
            Integer.getInteger("menagerie.benchmark.epochsA", 80),
            Integer.getInteger("menagerie.benchmark.epochsB", 50),
            32,
            42);
    WarmStartBenchmark.Table table = WarmStartBenchmark.run(settings, dir, System.out);
    System.out.println(table.markdown());
    assertThat(table.warm().epochsToPlateau()).isLessThan(table.scratch().epochsToPlateau());
  }
}
