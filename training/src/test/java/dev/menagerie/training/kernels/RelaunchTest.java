package dev.menagerie.training.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job relaunched for an ISA cap gets the cap and the parent's choice in its environment. */
class RelaunchTest {
  @TempDir Path dir;

  /** The relaunched "job": writes what it was given to the file named by its argument. */
  public static final class EnvironmentWriter {
    public static void main(String[] args) throws Exception {
      Files.write(
          Path.of(args[0]),
          List.of(
              "ONEDNN_MAX_CPU_ISA=" + System.getenv("ONEDNN_MAX_CPU_ISA"),
              Kernels.ENVIRONMENT + "=" + System.getenv(Kernels.ENVIRONMENT),
              "processIsa=" + Kernels.processIsa()));
      System.exit(3);
    }
  }

  @Test
  void choiceUnderSse41_shouldRelaunchUnderThatCapWithTheChoicePassedOn() throws Exception {
    // GIVEN a choice that needs SSE4.1 (nothing was right above it)
    KernelSelection.Choice choice =
        new KernelSelection.Choice(new Kernels("SSE41", true, false), "test", Map.of(), 0);
    Path written = dir.resolve("env.txt");
    // WHEN the job is relaunched for it
    int exit =
        KernelSelection.relaunch(
            choice, EnvironmentWriter.class.getName(), new String[] {written.toString()});
    // THEN the new JVM runs under the cap, knows the choice, and its exit code comes back
    assertThat(exit).isEqualTo(3);
    assertThat(Files.readAllLines(written))
        .containsExactly(
            "ONEDNN_MAX_CPU_ISA=SSE41",
            "MENAGERIE_KERNELS=SSE41/channels-last",
            "processIsa=SSE41");
    // AND a process already under the chosen ISA needs no relaunch
    assertThat(KernelSelection.needsRelaunch(choice))
        .isEqualTo(!"SSE41".equals(Kernels.processIsa()));
  }
}
