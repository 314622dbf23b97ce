package dev.menagerie.local.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a training job's output for people: epoch lines with a progress bar, other lines indented,
 * the machine-readable {@code metric:} lines left out (the epoch line says the same).
 */
final class TrainingProgress {
  private static final Pattern EPOCH = Pattern.compile("^epoch (\\d+)/(\\d+)\\s+(.*)$");
  static final int WIDTH = 24;

  /** The job's per-epoch time breakdown, which the console leaves out. */
  static final String TIME_BREAKDOWN = "  time: ";

  private final PrintStream out;

  TrainingProgress(PrintStream out) {
    this.out = out;
  }

  void accept(String line) {
    if (line.startsWith("metric: ") || line.startsWith(TIME_BREAKDOWN)) {
      return; // for SageMaker's metric definitions and for profiling; the epoch line says enough
    }
    Matcher m = EPOCH.matcher(line);
    if (m.matches()) {
      int epoch = Integer.parseInt(m.group(1));
      int epochs = Integer.parseInt(m.group(2));
      out.println("  " + bar(epoch, epochs) + " " + line);
    } else {
      out.println("  | " + line);
    }
    out.flush();
  }

  /** {@code [######------]} for {@code done} of {@code total}. */
  static String bar(int done, int total) {
    int filled = total <= 0 ? 0 : Math.min(WIDTH, Math.round(WIDTH * (float) done / total));
    return String.format(Locale.ROOT, "[%s%s]", "#".repeat(filled), "-".repeat(WIDTH - filled));
  }
}
