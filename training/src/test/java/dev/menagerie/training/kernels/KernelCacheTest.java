package dev.menagerie.training.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCacheTest {
  private static final KernelSelection.Choice CHECKED =
      new KernelSelection.Choice(
          new Kernels(Kernels.UNCAPPED, true, true),
          "fastest correct layout under ISA uncapped",
          Map.of(
              "uncapped",
              List.of(
                  new KernelSelection.Verdict(
                      Kernels.Mode.CHANNELS_LAST_MATMUL_1X1, true, 120, ""))),
          7.5);

  @Test
  void aSecondJob_shouldReadTheFirstJobsChoice_withoutChecking(@TempDir Path dir) throws Exception {
    // GIVEN a cache on one machine and a check that counts its runs
    KernelCache cache = new KernelCache(dir, "cpu A");
    AtomicInteger checks = new AtomicInteger();
    KernelSelection.CheckNow check =
        () -> {
          checks.incrementAndGet();
          return CHECKED;
        };

    // WHEN two jobs of the same network choose
    KernelSelection.Choice first =
        KernelSelection.chooseOrRecall("[uncapped]/0.5/139/32", Optional.of(cache), check);
    KernelSelection.Choice second =
        KernelSelection.chooseOrRecall("[uncapped]/0.5/139/32", Optional.of(cache), check);

    // THEN only the first checked; the second has the same kernels and says where they came from
    assertThat(checks).hasValue(1);
    assertThat(first).isSameAs(CHECKED);
    assertThat(second.kernels()).isEqualTo(CHECKED.kernels());
    assertThat(second.reason())
        .startsWith("fastest correct layout under ISA uncapped (checked ")
        .contains("on this machine; kept in " + dir)
        .endsWith("delete it to check again)");
    assertThat(cache.files()).hasSize(1);
  }

  @Test
  void anotherNetworkOrMachine_shouldCheckAgain(@TempDir Path dir) throws Exception {
    AtomicInteger checks = new AtomicInteger();
    KernelSelection.CheckNow check =
        () -> {
          checks.incrementAndGet();
          return CHECKED;
        };
    KernelSelection.chooseOrRecall(
        "[uncapped]/0.5/139/32", Optional.of(new KernelCache(dir, "cpu A")), check);
    KernelSelection.chooseOrRecall(
        "[uncapped]/0.5/139/16", Optional.of(new KernelCache(dir, "cpu A")), check);
    KernelSelection.chooseOrRecall(
        "[uncapped]/0.5/139/32", Optional.of(new KernelCache(dir, "cpu B")), check);
    KernelSelection.chooseOrRecall("[uncapped]/0.5/139/32", Optional.empty(), check);

    assertThat(checks).hasValue(4);
    assertThat(new KernelCache(dir, "cpu A").files()).hasSize(3);
  }

  @Test
  void aDamagedFile_shouldBeCheckedOver(@TempDir Path dir) throws Exception {
    KernelCache cache = new KernelCache(dir, "cpu A");
    KernelSelection.chooseOrRecall("k", Optional.of(cache), () -> CHECKED);
    Files.writeString(cache.files().get(0), "{not json");
    AtomicInteger checks = new AtomicInteger();

    KernelSelection.Choice again =
        KernelSelection.chooseOrRecall(
            "k",
            Optional.of(cache),
            () -> {
              checks.incrementAndGet();
              return CHECKED;
            });

    assertThat(checks).hasValue(1);
    assertThat(again).isSameAs(CHECKED);
    assertThat(cache.read("k")).isPresent(); // and written afresh
  }

  @Test
  void thisMachine_shouldNameTheCpuWhereLinuxSaysWhatItIs() {
    String machine = KernelCache.thisMachine();
    assertThat(machine).startsWith(System.getProperty("os.arch"));
    if (Files.isReadable(Path.of("/proc/cpuinfo"))) {
      assertThat(machine).contains("flags");
    }
  }
}
