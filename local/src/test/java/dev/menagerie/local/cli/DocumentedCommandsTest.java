package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./menagerie COMMAND ...} the documentation names, in code blocks and inline code, is
 * one the CLI accepts: {@code COMMAND --help}, run through {@link Main}, exits 0 with that
 * command's own usage (not the list of every command); a subcommand ({@code model install}, {@code
 * report usage}, a filter's name) is one the command's picocli spec has (the filters: {@link
 * FilterCommands#FILTER_NAMES}, the names the command checks); and an option of a command {@link
 * Main} parses appears in the usage of that command (or of its subcommand). The commands the
 * launcher hands to other programs ({@code synth}, {@code trainjob}, {@code bench}) are checked by
 * name only.
 */
class DocumentedCommandsTest {
  /** The documentation: the README, the pages in docs/, and the READMEs beside the code. */
  private static final List<String> PAGES =
      List.of("README.md", "docs", "training/README.md", "events/README.md");

  /** Options every command takes, or that the usage text names outside a command's lines. */
  private static final Set<String> GLOBAL_OPTIONS =
      Set.of("--verbose", "--stack", "--region", "--help", "-h", "--data", "--json");

  /** Commands the launcher runs as other programs (the training job, the benchmarks). */
  private static final Set<String> LAUNCHER_PROGRAMS = Set.of("synth", "trainjob", "bench");

  private static final Pattern FENCE =
      Pattern.compile("(?ms)^[ \\t]*```[^\\n]*\\n(.*?)^[ \\t]*```");
  private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
  private static final Pattern INVOCATION = Pattern.compile("\\./menagerie(?=\\s|$)");

  /** Where a shell line's command ends: a separator, a redirection or a comment. */
  private static final Pattern END = Pattern.compile("[;|&<>]|(?:^|\\s)#");

  private static final Pattern LITERAL = Pattern.compile("[a-z][a-z0-9-]*");

  /** One {@code ./menagerie ...} in a page: its words up to the end of the shell command. */
  record Mention(String where, List<String> words) {}

  @Test
  void everyDocumentedCommand_shouldBeOneTheCliAccepts() throws IOException {
    // GIVEN every page of the documentation
    List<Mention> mentions = new ArrayList<>();
    for (Path page : pages(RepositoryRoot.path())) {
      mentions.addAll(
          mentions(RepositoryRoot.path().relativize(page).toString(), Files.readString(page)));
    }
    // WHEN each command is checked against the CLI THEN none has a problem, and the check saw the
    // README's two commands and commands in several pages (so an extraction that finds nothing
    // cannot pass)
    assertThat(problems(mentions)).isEmpty();
    assertThat(mentions).hasSizeGreaterThan(60);
    assertThat(mentions.stream().map(m -> m.where().replaceAll(":.*", "")).distinct())
        .contains("README.md", "docs/demo.md", "docs/training.md", "docs/deploy.md");
    assertThat(mentions.stream().map(m -> String.join(" ", m.words())))
        .contains("demo", "bench --quick", "doctor");
  }

  @Test
  void readme_shouldNameTheTwoCommandsTheBenchmarksAndDeploying() throws IOException {
    String readme = Files.readString(RepositoryRoot.path().resolve("README.md"));
    List<String> commands =
        mentions("README.md", readme).stream().map(m -> m.words().get(0)).toList();
    assertThat(commands).contains("demo", "bench", "doctor");
    assertThat(readme)
        .contains("mvn -B verify", "sam deploy", "docs/prerequisites.md", "docs/performance.md");
  }

  @Test
  void check_shouldReportEachPlantedMistake() {
    // GIVEN a page with one right command of each kind and one mistake per rule
    String page =
        """
        Run `./menagerie demo --library sign-digits`, then `./menagerie
        frobnicate --fast` (an unknown command, across a line break).

        ```sh
        ./menagerie report usages                  # no such report
        ./menagerie filter look-alike --label x    # no such filter
        ./menagerie model instal /tmp/m ; ./menagerie runs --limit 5
        ./menagerie train --epoch 3 | head         # no such option
        ./menagerie archive restore BATCH_ID && ./menagerie synth /tmp/zoo --per-class 9
        ```
        `./menagerie COMMAND --help` and `./menagerie` alone are not commands.
        """;
    // WHEN it is checked
    List<Mention> mentions = mentions("page.md", page);
    List<String> problems = problems(mentions);
    // THEN the right ones pass, each mistake is reported once, naming the word
    assertThat(mentions).hasSize(9);
    assertThat(problems).hasSize(5);
    assertThat(String.join("\n", problems))
        .contains("page.md:1: ./menagerie frobnicate --fast: 'frobnicate' is not a command")
        .contains("'usages' is not a subcommand of report")
        .contains("'look-alike' is not a subcommand of filter")
        .contains("'instal' is not a subcommand of model")
        .contains("'--epoch' is not an option of train")
        .doesNotContain(
            "./menagerie demo", "./menagerie runs", "./menagerie archive", "./menagerie synth")
        .doesNotContain("COMMAND");
  }

  // ---------------------------------------------------------------- extraction

  /** Every {@code ./menagerie ...} of a page in a fenced block or an inline code span. */
  static List<Mention> mentions(String file, String markdown) {
    List<Mention> found = new ArrayList<>();
    StringBuilder prose = new StringBuilder(markdown.length());
    Matcher fence = FENCE.matcher(markdown);
    int at = 0;
    while (fence.find()) {
      prose.append(markdown, at, fence.start());
      String[] lines = fence.group(1).split("\n", -1);
      int first = lineOf(markdown, fence.start(1));
      for (int i = 0; i < lines.length; i++) {
        found.addAll(invocations(file, first + i, lines[i]));
      }
      // the block blanked out, its newlines kept, so that offsets still give line numbers
      prose.append(markdown.substring(fence.start(), fence.end()).replaceAll("[^\n]", " "));
      at = fence.end();
    }
    prose.append(markdown.substring(at));
    Matcher inline = INLINE.matcher(prose);
    while (inline.find()) {
      found.addAll(
          invocations(file, lineOf(markdown, inline.start()), inline.group(1).replace('\n', ' ')));
    }
    return found;
  }

  /** The {@code ./menagerie} commands of one line of shell or one code span. */
  private static List<Mention> invocations(String file, int line, String code) {
    List<Mention> found = new ArrayList<>();
    Matcher at = INVOCATION.matcher(code);
    while (at.find()) {
      String rest = code.substring(at.end());
      Matcher end = END.matcher(rest);
      String command = (end.find() ? rest.substring(0, end.start()) : rest).trim();
      List<String> words = new ArrayList<>();
      for (String word : command.split("\\s+")) {
        String bare = word.replace("[", "").replace("]", "");
        if (!bare.isEmpty() && !bare.equals("--verbose")) {
          words.add(bare);
        }
      }
      // `./menagerie` alone names the CLI, `./menagerie COMMAND` any command: nothing to check
      if (!words.isEmpty() && !words.get(0).matches("[A-Z_]+")) {
        found.add(new Mention(file + ":" + line + ": ./menagerie " + command, words));
      }
    }
    return found;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  // ---------------------------------------------------------------- the check

  /** What is wrong with each mention, one sentence each (empty: all accepted). */
  static List<String> problems(List<Mention> mentions) {
    String everyCommand = run("--help").out();
    CommandLine root = main().commandLine();
    List<String> problems = new ArrayList<>();
    for (Mention mention : mentions) {
      List<String> words = mention.words();
      String command = words.get(0);
      if (Set.of("--help", "-h", "help").contains(command)) {
        MainRun run = run(command);
        if (run.exit() != 0 || !run.out().equals(everyCommand)) {
          problems.add(mention.where() + ": '" + command + "' does not print the usage");
        }
        continue;
      }
      MainRun help = run(command, "--help");
      CommandLine parsed = root.getSubcommands().get(command);
      if (help.exit() != 0 || help.out().equals(everyCommand) || parsed == null) {
        problems.add(mention.where() + ": '" + command + "' is not a command");
        continue;
      }
      String usage = help.out();
      if (words.size() > 1 && LITERAL.matcher(words.get(1)).matches()) {
        Set<String> subcommands = subcommands(command, parsed);
        if (!subcommands.isEmpty() && !subcommands.contains(words.get(1))) {
          problems.add(
              mention.where()
                  + ": '"
                  + words.get(1)
                  + "' is not a subcommand of "
                  + command
                  + " (one of "
                  + subcommands
                  + ")");
        } else if (parsed.getSubcommands().containsKey(words.get(1))) {
          usage = run(command, words.get(1), "--help").out(); // its options are the subcommand's
        }
      }
      if (!LAUNCHER_PROGRAMS.contains(command)) {
        for (String word : words.subList(1, words.size())) {
          String option = word.replaceAll("=.*", "");
          if (option.startsWith("-")
              && !GLOBAL_OPTIONS.contains(option)
              && !Pattern.compile(Pattern.quote(option) + "(?![\\w-])").matcher(usage).find()) {
            problems.add(mention.where() + ": '" + option + "' is not an option of " + command);
          }
        }
      }
    }
    return problems;
  }

  /**
   * The words a command takes second: its subcommands ({@code model install}), the literal
   * alternatives of its first parameter ({@code report usage|accuracy|models}); for {@code filter},
   * the filters' names.
   */
  static Set<String> subcommands(String command, CommandLine parsed) {
    if (command.equals("filter")) {
      return new LinkedHashSet<>(FilterCommands.FILTER_NAMES);
    }
    Set<String> names = new LinkedHashSet<>(parsed.getSubcommands().keySet());
    List<CommandLine.Model.PositionalParamSpec> parameters =
        parsed.getCommandSpec().positionalParameters();
    if (!parameters.isEmpty()) {
      for (String name : parameters.get(0).paramLabel().split("\\|")) {
        if (LITERAL.matcher(name).matches()) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static MainRun run(String... words) {
    return MainRun.of(words);
  }

  private static Main main() {
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new Main(nowhere, nowhere, RepositoryRoot.path());
  }

  private static List<Path> pages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    for (String name : PAGES) {
      Path path = root.resolve(name);
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.list(path)) {
          files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
      } else {
        pages.add(path);
      }
    }
    return pages;
  }
}
