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
   * The small seeded version (about 5 minutes on 2 shared cores): model A on three shapes, then two
   * shapes added; B from scratch against B warm-started from A with the head reset, same images,
   * budget and seed. Measured 2026-11-29: warm start at the plateau (0.32) by epoch 3, scratch
   * never within 10; held-out 0.28 against 0.23. It passes, but at this budget all three runs are
   * close to chance (A 0.53 on 3 classes), so the margin is within what another machine's or thread
   * count's path through the same seeds could reverse; it stays behind {@code
   * -Dmenagerie.long=true} rather than gate CI on it (training/README.md, Status).
   */
  @Test
  void smallSeededBenchmark_shouldPlateauSoonerWithWarmStartAtNoLowerAccuracy() throws Exception {
    assumeTrue(Boolean.getBoolean("menagerie.long"), "long run: -Dmenagerie.long=true");
    // GIVEN model A trained on three classes, then two classes added
    WarmStartBenchmark.Settings settings =
        new WarmStartBenchmark.Settings(
            List.of("circle", "square", "triangle"),
            List.of("circle", "square", "triangle", "cross", "star"),
            100,
            20,
            128,
            20,
            10,
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
