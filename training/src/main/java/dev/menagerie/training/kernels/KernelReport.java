package dev.menagerie.training.kernels;

import dev.menagerie.training.Hyperparameters;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./menagerie doctor}'s kernel item: runs the training job's kernel check for the job's
 * default network and batch, as a job started by {@code ./menagerie trainjob} would (this process's
 * ISA, then {@link KernelSelection#SAFE_ISA}), and prints the choice on one tab-separated line:
 *
 * <pre>
 * kernels ENCODED DESCRIPTION CHECK_SECONDS REASON
 * none MESSAGE
 * </pre>
 *
 * Exits 0 when some kernels are correct on this CPU, 1 when none are (the training job would fail).
 */
public final class KernelReport {
  /** The first field of the line that names the choice. */
  public static final String CHOSEN = "kernels";

  /** The first field of the line that says no kernels passed. */
  public static final String NONE = "none";

  private KernelReport() {}

  public static void main(String[] args) {
    System.exit(run(System.out));
  }

  static int run(PrintStream out) {
    Hyperparameters defaults = Hyperparameters.from(Map.of());
    try {
      KernelSelection.Choice choice =
          KernelSelection.forJob(defaults.architectureFor(2), defaults.batchSize(), true);
      out.println(
          String.join(
              "\t",
              CHOSEN,
              choice.kernels().encode(),
              choice.kernels().describe(),
              String.format(Locale.ROOT, "%.1f", choice.seconds()),
              choice.reason()));
      return 0;
    } catch (IllegalStateException | IOException e) {
      out.println(NONE + "\t" + e.getMessage().replace('\n', ' '));
      return 1;
    }
  }
}
