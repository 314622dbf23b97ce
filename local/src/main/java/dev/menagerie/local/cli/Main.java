package dev.menagerie.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code ./menagerie}: runs one command line through picocli ({@link Menagerie} holds the commands)
 * and turns what went wrong into a line on stderr and the exit code: 2 for a usage error (a {@link
 * ParameterException} or a {@link UsageException}), 1 for a failure, 0 when it worked.
 */
public final class Main {
  private final PrintStream out;
  private final PrintStream err;
  private final Path repoRoot;

  Main(PrintStream out, PrintStream err, Path repoRoot) {
    this.out = out;
    this.err = err;
    this.repoRoot = repoRoot;
  }

  public static void main(String[] args) {
    Path repo = Path.of(System.getProperty("menagerie.repo", ".")).toAbsolutePath().normalize();
    int code = new Main(System.out, System.err, repo).run(Arrays.asList(args));
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the exit code (0 ok, 1 failed, 2 usage). */
  int run(List<String> words) {
    return commandLine().execute(words.toArray(String[]::new));
  }

  /** The command line, its output and errors going to this Main's streams. */
  CommandLine commandLine() {
    CommandLine cli = Menagerie.commandLine(out, repoRoot);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionStrategy(this::execute);
    cli.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine(), message(e)));
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof UsageException) {
            return usageError(command, e.getMessage());
          }
          if (e instanceof IOException || e instanceof RuntimeException) {
            err.println("menagerie: " + e.getMessage());
            return 1;
          }
          throw e;
        });
    return cli;
  }

  private int execute(ParseResult parsed) {
    // picocli leaves words it did not know unreported when --help is there too
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (!level.unmatched().isEmpty() && level.commandSpec().unmatchedArgsBindings().isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(
            level.commandSpec().commandLine(), level.unmatched());
      }
    }
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    try {
      ((Menagerie) parsed.commandSpec().userObject()).check(parsed);
    } catch (UsageException e) {
      return usageError(
          parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1), e.getMessage());
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** A usage error: the message, where to read more, exit 2. */
  private int usageError(CommandLine command, String message) {
    err.println("menagerie: " + message);
    CommandSpec spec = command.getCommandSpec();
    err.println(
        spec.parent() == null
            ? "Run `./menagerie --help` for the commands."
            : "Run `" + spec.qualifiedName() + " --help` for its options.");
    return 2;
  }

  /** What was wrong with the command line, in the words the CLI has always used. */
  private static String message(ParameterException e) {
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String first = unmatched.getUnmatched().get(0);
      if (spec.parent() == null && !first.startsWith("-")) {
        return "unknown command '"
            + first
            + "'; the commands are "
            + String.join(", ", Menagerie.commandNames(spec));
      }
      if (first.startsWith("-")) {
        return "unknown option "
            + first.replaceAll("=.*", "")
            + "; expected one of "
            + spec.options().stream()
                .filter(o -> !o.hidden())
                .map(o -> o.longestName())
                .sorted()
                .toList();
      }
      if (!spec.subcommands().isEmpty()) {
        return "unknown "
            + spec.name()
            + " subcommand '"
            + first
            + "'; expected one of "
            + String.join(", ", spec.subcommands().keySet());
      }
      return spec.name()
          + (spec.positionalParameters().isEmpty()
              ? " takes no arguments"
              : " takes no more arguments")
          + ", got "
          + unmatched.getUnmatched();
    }
    return e.getMessage();
  }
}
