package dev.menagerie.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The thread governor with step times fed in as a function of the threads it chose: idle cores keep
 * every thread (after one early trial of one thread); cores busy from the start, or that become
 * busy, drop to one; a probe goes back when all threads win again and stays at one (probing less
 * often) while they lose.
 */
class ThreadGovernorTest {
  private final List<Integer> set = new ArrayList<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final ThreadGovernor governor =
      new ThreadGovernor(2, set::add, new PrintStream(printed, true, StandardCharsets.UTF_8));

  /** Idle cores: 2 ms/image at two threads, 2.6 at one. */
  private static final IntToDoubleFunction IDLE = threads -> threads == 2 ? 2.0 : 2.6;

  /** Busy cores: two threads wait on descheduled partners, one thread gets its share. */
  private static final IntToDoubleFunction BUSY = threads -> threads == 2 ? 40.0 : 5.0;

  @Test
  void idleCores_shouldKeepEveryThreadAfterOneEarlyTrial() {
    steps(400, IDLE);
    assertThat(governor.current()).isEqualTo(2);
    assertThat(set).containsExactly(1, 2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void coresBusyFromTheStart_shouldTrainOnOneThreadAndSayWhy() {
    steps(ThreadGovernor.WINDOW * 3, BUSY);
    assertThat(governor.current()).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("threads: 1 instead of 2: one thread trained faster");
  }

  @Test
  void coresBecomingBusy_shouldDropToOneThreadThenProbe() {
    steps(100, IDLE);
    steps(ThreadGovernor.WINDOW * 2, BUSY);
    assertThat(governor.current()).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("threads: 1 instead of 2: the cores are busy");
    // the first probe comes after about PROBE_AFTER steps and finds two threads still slow
    assertThat(stepsUntil(2, BUSY))
        .isBetween(ThreadGovernor.PROBE_AFTER - 16, ThreadGovernor.PROBE_AFTER + 1);
    // the first step after the switch is not judged; one more that slow ends the probe
    assertThat(stepsUntil(1, BUSY)).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("threads: staying at 1");
    // the next probe comes twice as late; by then the other work has ended and two threads win
    assertThat(stepsUntil(2, BUSY)).isEqualTo(2 * ThreadGovernor.PROBE_AFTER + 1);
    steps(ThreadGovernor.WINDOW + 1, IDLE); // the first step after the switch is not judged
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("threads: back to 2");
    steps(300, IDLE);
    assertThat(governor.current()).isEqualTo(2);
    assertThat(set).containsExactly(1, 2, 1, 2, 1, 2);
  }

  /** Steps (at most 10,000) until the governor uses {@code threads}; how many it took. */
  private int stepsUntil(int threads, IntToDoubleFunction ms) {
    int n = 0;
    while (governor.current() != threads && n < 10_000) {
      steps(1, ms);
      n++;
    }
    return n;
  }

  @Test
  void oneThreadJob_shouldNeverBeGoverned() {
    ThreadGovernor single = new ThreadGovernor(1, set::add, System.out);
    for (int i = 0; i < 300; i++) {
      single.step(i < 50 ? 1_000_000L : 100_000_000L, 10);
    }
    assertThat(set).isEmpty();
  }

  /** {@code count} steps of 10 images at the per-image time {@code ms} gives the threads in use. */
  private void steps(int count, IntToDoubleFunction ms) {
    for (int i = 0; i < count; i++) {
      governor.step((long) (ms.applyAsDouble(governor.current()) * 1e6 * 10), 10);
    }
  }
}
