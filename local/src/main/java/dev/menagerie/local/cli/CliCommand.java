package dev.menagerie.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command of {@code ./menagerie}: picocli parses its options into its fields and calls {@link
 * #call}, which returns the exit code. What the whole command line chose (the output, the
 * repository, the {@link Target}) it reads from the {@link Menagerie} at the root.
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  final Menagerie menagerie() {
    return (Menagerie) spec.root().userObject();
  }

  final PrintStream out() {
    return menagerie().out();
  }

  final Path repoRoot() {
    return menagerie().repoRoot();
  }

  /** The local cloud, or the deployed stack that {@code --stack} named. */
  final Target target() {
    return menagerie().target();
  }

  @Override
  public abstract Integer call() throws IOException;

  /** {@code value}, checked to be from {@code min} to {@code max}: a usage error otherwise. */
  static int within(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new UsageException(option + " must be from " + min + " to " + max + ", was " + value);
    }
    return value;
  }
}
