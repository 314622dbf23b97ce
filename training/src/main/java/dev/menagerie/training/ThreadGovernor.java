package dev.menagerie.training;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Chooses between all the job's threads and one, step by step, for machines whose cores other work
 * shares. A training step is hundreds of small parallel regions; with two threads on two busy
 * cores, each region waits for a partner the scheduler has put aside, and a step took 15–25 times
 * as long as on idle cores (measured: 356 → 13 img/s while two other JVMs ran), where one thread
 * only loses its fair share. So: when the recent steps at all threads run {@link #SLOWDOWN} times
 * slower per image than the best seen at all threads, or when one thread, tried once after the
 * first steps, was faster, training goes on with one thread; every {@link #PROBE_AFTER} steps
 * (doubling while it keeps losing) it tries all threads again for a few steps and keeps whichever
 * was faster. On idle cores nothing changes. Each switch is printed with its reason.
 */
final class ThreadGovernor {
  /** How much slower per image than the best, at all threads, counts as waiting on busy cores. */
  static final double SLOWDOWN = 3.0;

  /** Steps per window: the median of a window is what is compared. */
  static final int WINDOW = 8;

  /** Steps at one thread before all threads are tried again (doubles while they keep losing). */
  static final int PROBE_AFTER = 120;

  private static final int MAX_PROBE_AFTER = 2_000;

  private final int threads;
  private final IntConsumer setThreads;
  private final PrintStream out;
  private int current;
  private double bestAtAll = Double.MAX_VALUE;
  private final List<Double> window = new ArrayList<>();
  private double oneThreadMedian = Double.NaN;
  private int stepsAtOne;
  private int probeAfter = PROBE_AFTER;
  private boolean probing;
  private boolean triedOne;
  private boolean dropped;
  private boolean settling = true; // the very first step warms up too
  private double allThreadsMedian = Double.NaN;

  /**
   * @param threads the threads the job started with (1: the governor does nothing)
   * @param setThreads sets the engine's intra-op thread count
   */
  ThreadGovernor(int threads, IntConsumer setThreads, PrintStream out) {
    this.threads = threads;
    this.setThreads = setThreads;
    this.out = out;
    this.current = threads;
  }

  /**
   * A governor of the PyTorch engine's intra-op threads, starting from the count it has now. With a
   * GPU the convolutions do not run on these threads, and nothing is governed.
   */
  static ThreadGovernor forEngine(PrintStream out) {
    boolean gpu = ai.djl.engine.Engine.getInstance().getGpuCount() > 0;
    int threads = gpu ? 1 : ai.djl.pytorch.jni.JniUtils.getNumThreads();
    return new ThreadGovernor(threads, ai.djl.pytorch.jni.JniUtils::setNumThreads, out);
  }

  /** The thread count in use now. */
  int current() {
    return current;
  }

  /** Records one training step: how long it took and how many images it trained on. */
  void step(long nanos, int images) {
    if (threads <= 1 || images <= 0) {
      return;
    }
    double perImage = nanos / 1e6 / images; // milliseconds per image
    if (settling) {
      settling = false; // the first step after a switch starts or parks threads: not judged
      return;
    }
    window.add(perImage);
    if (current == threads) {
      if (!probing) {
        bestAtAll = Math.min(bestAtAll, perImage);
      }
      if (probing && perImage > SLOWDOWN * oneThreadMedian) {
        // one step is enough to see that the cores are still busy: a whole window of steps that
        // slow would cost more than the probe can win
        probing = false;
        stayAtOne(perImage);
        return;
      }
      if (window.size() < WINDOW) {
        return;
      }
      double median = median(window);
      window.clear();
      allThreadsMedian = median;
      if (!triedOne && !probing) {
        // once, early: the cores may be busy from the start, so there is no good best to fall from
        triedOne = true;
        use(1);
        return;
      }
      if (probing) {
        probing = false;
        if (median * 1.1 < oneThreadMedian) {
          probeAfter = PROBE_AFTER;
          bestAtAll = Math.min(bestAtAll, median);
          say(
              "threads: back to %d (%.2f ms/image against %.2f at one thread)",
              threads, median, oneThreadMedian);
          return;
        }
        stayAtOne(median);
      } else if (median > SLOWDOWN * bestAtAll) {
        switchTo(
            1,
            "threads: 1 instead of %d: the cores are busy with other work (%.2f ms/image against"
                + " the best %.2f); one thread does not wait on a descheduled partner",
            median,
            bestAtAll);
      }
    } else {
      stepsAtOne++;
      if (window.size() >= WINDOW) {
        oneThreadMedian = median(window);
        window.clear();
        if (stepsAtOne == WINDOW && triedOne && bestAtAll < Double.MAX_VALUE && !dropped) {
          // the early trial of one thread
          if (oneThreadMedian * 1.1 < allThreadsMedian) {
            dropped = true;
            say(
                "threads: 1 instead of %d: one thread trained faster (%.2f ms/image against %.2f):"
                    + " the cores are busy with other work",
                threads, oneThreadMedian, allThreadsMedian);
          } else {
            use(threads);
          }
          return;
        }
      }
      if (stepsAtOne >= probeAfter && !Double.isNaN(oneThreadMedian)) {
        stepsAtOne = 0;
        probing = true;
        use(threads);
      }
    }
  }

  /** A probe of all threads lost: back to one, and the next probe twice as late. */
  private void stayAtOne(double allThreadsPerImage) {
    probeAfter = Math.min(MAX_PROBE_AFTER, probeAfter * 2);
    switchTo(
        1,
        "threads: staying at 1 (%d threads took %.2f ms/image against %.2f at one)",
        allThreadsPerImage,
        oneThreadMedian);
  }

  private void switchTo(int n, String format, double a, double b) {
    dropped = true;
    stepsAtOne = 0;
    use(n);
    say(format, threads, a, b);
  }

  /** Trains on {@code n} threads from the next step on; that first step is not judged. */
  private void use(int n) {
    current = n;
    setThreads.accept(n);
    settling = true;
    window.clear();
  }

  private void say(String format, Object... args) {
    out.printf(Locale.ROOT, format + "%n", args);
    out.flush();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
