package dev.menagerie.training.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.InceptionV4;
import dev.menagerie.training.kernels.KernelSelection.Verdict;
import dev.menagerie.training.kernels.Kernels.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The choice among checked kernels, driven by injected checks (no broken CPU needed). */
class KernelSelectionTest {
  private static final Architecture SMALL = InceptionV4.small(2);
  private static final List<String> ISAS = List.of(Kernels.UNCAPPED, KernelSelection.SAFE_ISA);

  /** A check that answers from a table: ISA -> the layouts' verdicts; it records what it ran. */
  private static final class Injected implements KernelSelection.Check {
    final Map<String, List<Verdict>> answers;
    final List<String> ran = new ArrayList<>();

    Injected(Map<String, List<Verdict>> answers) {
      this.answers = answers;
    }

    @Override
    public List<Verdict> run(String isa, Architecture architecture, int batch, List<Mode> modes) {
      ran.add(isa);
      return answers.get(isa);
    }
  }

  private static Verdict ok(Mode mode, double millis) {
    return new Verdict(mode, true, millis, "");
  }

  private static Verdict wrong(Mode mode) {
    return new Verdict(mode, false, Double.NaN, "convolution 16,35,35,24,3,3,1,1,1");
  }

  @Test
  void everyLayoutCorrect_shouldPickTheFastestUnderTheCpusOwnIsa() throws Exception {
    // GIVEN a CPU on which every layout is right, channels-last fastest
    Injected check =
        new Injected(
            Map.of(
                Kernels.UNCAPPED,
                List.of(
                    ok(Mode.NCHW, 270),
                    ok(Mode.CHANNELS_LAST_MATMUL_1X1, 125),
                    ok(Mode.CHANNELS_LAST, 110))));
    // WHEN the kernels are chosen
    KernelSelection.Choice choice = KernelSelection.choose(SMALL, 32, ISAS, check);
    // THEN the fastest correct layout wins, the ISA is not capped, SSE41 is never tried
    assertThat(choice.kernels()).isEqualTo(new Kernels(Kernels.UNCAPPED, true, false));
    assertThat(check.ran).containsExactly(Kernels.UNCAPPED);
    assertThat(choice.reason()).contains("nchw 270 ms/step").contains("channels-last 110 ms/step");
  }

  @Test
  void wrongNchwAndChannelsLast1x1_shouldFallBackToTheMatmul1x1Layout() throws Exception {
    // GIVEN this project's VMs: NCHW and channels-last 1x1 convolutions wrong above SSE4.1
    Injected check =
        new Injected(
            Map.of(
                Kernels.UNCAPPED,
                List.of(
                    wrong(Mode.NCHW),
                    ok(Mode.CHANNELS_LAST_MATMUL_1X1, 130),
                    wrong(Mode.CHANNELS_LAST))));
    // WHEN the kernels are chosen
    KernelSelection.Choice choice = KernelSelection.choose(SMALL, 32, ISAS, check);
    // THEN the one correct layout is chosen, still at the CPU's own ISA
    assertThat(choice.kernels()).isEqualTo(new Kernels(Kernels.UNCAPPED, true, true));
    assertThat(choice.reason()).contains("nchw wrong at convolution 16,35,35,24,3,3,1,1,1");
    assertThat(choice.asMap())
        .containsEntry("layout", "channels-last")
        .containsEntry("conv1x1", "matmul");
  }

  @Test
  void noLayoutCorrectUnderTheCpusIsa_shouldFallBackToSse41() throws Exception {
    // GIVEN a CPU on which every layout is wrong above SSE4.1
    Injected check =
        new Injected(
            Map.of(
                Kernels.UNCAPPED,
                List.of(
                    wrong(Mode.NCHW),
                    wrong(Mode.CHANNELS_LAST_MATMUL_1X1),
                    wrong(Mode.CHANNELS_LAST)),
                KernelSelection.SAFE_ISA,
                List.of(
                    ok(Mode.NCHW, 250),
                    ok(Mode.CHANNELS_LAST_MATMUL_1X1, 190),
                    ok(Mode.CHANNELS_LAST, 185))));
    // WHEN the kernels are chosen
    KernelSelection.Choice choice = KernelSelection.choose(SMALL, 32, ISAS, check);
    // THEN SSE4.1 is chosen, with its fastest layout, and the reason says why
    assertThat(choice.kernels()).isEqualTo(new Kernels("SSE41", true, false));
    assertThat(check.ran).containsExactly(Kernels.UNCAPPED, "SSE41");
    assertThat(choice.reason()).startsWith("no layout was correct under uncapped");
    assertThat(choice.verdicts()).containsKeys(Kernels.UNCAPPED, "SSE41");
  }

  @Test
  void nothingCorrectAnywhere_shouldRefuseToTrain() {
    // GIVEN a CPU on which no layout is right under any ISA
    List<Verdict> allWrong =
        List.of(wrong(Mode.NCHW), wrong(Mode.CHANNELS_LAST_MATMUL_1X1), wrong(Mode.CHANNELS_LAST));
    Injected check =
        new Injected(Map.of(Kernels.UNCAPPED, allWrong, KernelSelection.SAFE_ISA, allWrong));
    // WHEN / THEN the choice fails loudly instead of training a useless model
    assertThatThrownBy(() -> KernelSelection.choose(SMALL, 32, ISAS, check))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "no convolution kernels computed this network's convolutions correctly");
  }

  @Test
  void checkJvmDiedMidway_shouldCountTheUnjudgedLayoutsAsWrong() {
    // GIVEN the output of a check whose JVM crashed (SIGFPE) while checking channels-last 1x1
    List<String> lines =
        List.of(
            "conv nchw 8,37,37,8,3,3,2,0,0 fwd 1.0e-07 dgrad 1.0e-07 wgrad 1.0e-07 ok",
            "mode nchw fail 16,35,35,24,3,3,1,1,1",
            "mode channels-last-matmul-1x1 pass 131.5",
            "conv channels-last 96,9,9,72,1,1,1,0,0 fwd");
    // WHEN it is read
    List<Verdict> verdicts = KernelSelection.verdicts(lines, List.of(Mode.values()), 136);
    // THEN the judged layouts keep their verdicts and the unjudged one is wrong, with the exit
    assertThat(verdicts).hasSize(3);
    assertThat(verdicts.get(0).correct()).isFalse();
    assertThat(verdicts.get(1)).isEqualTo(ok(Mode.CHANNELS_LAST_MATMUL_1X1, 131.5));
    assertThat(verdicts.get(2).correct()).isFalse();
    assertThat(verdicts.get(2).detail()).contains("status 136");
  }

  @Test
  void encodedKernels_shouldDecodeToTheSameKernels() {
    for (Mode mode : Mode.values()) {
      Kernels k = mode.at("AVX512_CORE");
      assertThat(Kernels.decode(k.encode())).isEqualTo(k);
    }
    assertThatThrownBy(() -> Kernels.decode("uncapped/sideways"))
        .hasMessageContaining("expected one of nchw, channels-last-matmul-1x1, channels-last");
  }

  @Test
  void realCheckOnThisCpu_shouldJudgeEveryLayoutAndPassAtLeastOne() throws Exception {
    // GIVEN this machine (whatever its CPU) and the small network at batch 8
    // WHEN the check runs in a child JVM under this process's ISA
    List<Verdict> verdicts =
        KernelSelection.checkInChildJvm(Kernels.processIsa(), SMALL, 8, List.of(Mode.values()));
    System.out.println("kernel check on this CPU: " + verdicts);
    // THEN every layout gets a verdict and one is usable; the two checked before channels-last
    // 1x1 convolutions (the kernels that crashed a JVM on the AMD VMs) are judged, not lost
    assertThat(verdicts).extracting(Verdict::mode).containsExactly(Mode.values());
    assertThat(verdicts.subList(0, 2))
        .allSatisfy(v -> assertThat(v.detail()).doesNotContain("before judging"));
    assertThat(verdicts).anySatisfy(v -> assertThat(v.stepMillis()).isPositive());
  }
}
