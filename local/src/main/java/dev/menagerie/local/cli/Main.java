package dev.menagerie.local.cli;

import dev.menagerie.local.cloud.FunctionLogs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./menagerie}: reads the global options ({@code --stack}, {@code --region}, {@code --help})
 * and hands the command to the class that runs it ({@link UpCommand}, {@link ModelCommand}, {@link
 * TrainingCommands}, {@link RunsCommand}, {@link RegistryCommands}, {@link FilterCommands}, {@link
 * ClassifyCommand}, {@link ReportCommands}, {@link Doctor}); the usage text is in {@link Usage}.
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
    if (words.contains("--verbose")) { // any command: the functions' output on the console
      FunctionLogs.keepOnConsole();
      words = words.stream().filter(w -> !w.equals("--verbose")).toList();
    }
    if (words.isEmpty() || Set.of("help", "--help", "-h").contains(words.get(0))) {
      out.print(Usage.TEXT);
      return 0;
    }
    List<String> rest = new java.util.ArrayList<>(words.subList(1, words.size()));
    try {
      Optional<String> stack = take(rest, "--stack");
      Optional<String> region = take(rest, "--region");
      Stack.clear();
      if (stack.isPresent()) {
        if (Set.of("up", "demo", "model", "doctor").contains(words.get(0))) {
          throw new UsageException(words.get(0) + " is for the local cloud; it takes no --stack");
        }
        Stack.use(stack.get(), region);
        if (words.get(0).equals("rollup")) {
          throw new UsageException(
              "rollup runs the local cloud's rollup; on AWS the RollupFunction runs daily (invoke"
                  + " it to redo days: the RollupFunctionName output)");
        }
      }
      if (rest.contains("--help") || rest.contains("-h")) {
        out.print(Usage.help(words.get(0)));
        return 0;
      }
      return switch (words.get(0)) {
        case "up" -> new UpCommand(out, repoRoot).run(rest, false);
        case "demo" -> new UpCommand(out, repoRoot).run(rest, true);
        case "model" -> new ModelCommand(out, repoRoot).run(rest);
        case "library" ->
            !rest.isEmpty() && rest.get(0).equals("put")
                ? new TrainingCommands(out, repoRoot).run("library", rest)
                : new FilterCommands(out, repoRoot).run("library", rest);
        case "inbox", "filter", "archive", "bulk" ->
            new FilterCommands(out, repoRoot).run(words.get(0), rest);
        case "identify" -> new FilterCommands(out, repoRoot).run("bulk", prepend("identify", rest));
        case "restore" ->
            new FilterCommands(out, repoRoot).run("archive", prepend("restore", rest));
        case "classify" -> new ClassifyCommand(out, repoRoot).run(rest);
        case "benchmark", "train" -> new TrainingCommands(out, repoRoot).run(words.get(0), rest);
        case "runs" -> new RunsCommand(out, repoRoot).run(rest);
        case "models", "promote", "rollback" ->
            new RegistryCommands(out, repoRoot).run(words.get(0), rest);
        case "evaluate", "report", "rollup" -> new ReportCommands(out, this::dataDir).run(words);
        case "doctor" -> new Doctor(out, repoRoot).run(rest);
        default -> throw new UsageException("unknown command '" + words.get(0) + "'");
      };
    } catch (UsageException e) {
      err.println("menagerie: " + e.getMessage());
      err.println(
          Usage.help(words.get(0)).equals(Usage.TEXT)
              ? "Run `./menagerie --help` for the commands."
              : "Run `./menagerie " + words.get(0) + " --help` for its options.");
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("menagerie: " + e.getMessage());
      return 1;
    }
  }

  /** Removes {@code --name VALUE} (or {@code --name=VALUE}) from {@code words}; its value. */
  private static Optional<String> take(List<String> words, String name) {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.startsWith(name + "=")) {
        words.remove(i);
        return Optional.of(w.substring(name.length() + 1));
      }
      if (w.equals(name)) {
        if (i + 1 >= words.size()) {
          throw new UsageException(name + " needs a value");
        }
        String value = words.get(i + 1);
        words.remove(i + 1);
        words.remove(i);
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static List<String> prepend(String word, List<String> rest) {
    List<String> all = new java.util.ArrayList<>();
    all.add(word);
    all.addAll(rest);
    return all;
  }

  private Path dataDir(Arguments args) {
    return Endpoints.dataDir(args, repoRoot);
  }
}
