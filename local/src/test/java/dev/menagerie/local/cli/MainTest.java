package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./menagerie} on picocli: help for every command, and the exit codes of usage errors. */
class MainTest {
  private static MainRun run(String... words) {
    return MainRun.of(words);
  }

  @Test
  void everyCommandsHelp_shouldExitZeroWithItsOwnUsage() {
    // GIVEN every command and subcommand of the command line
    List<List<String>> commands = new ArrayList<>();
    collect(
        new Main(System.out, System.err, RepositoryRoot.path()).commandLine(), List.of(), commands);
    assertThat(commands).hasSizeGreaterThan(25);
    for (List<String> command : commands) {
      // WHEN it is asked for its help
      List<String> words = new ArrayList<>(command);
      words.add("--help");
      MainRun help = run(words.toArray(String[]::new));
      // THEN it prints its own usage and exits 0
      assertThat(help.exit()).as(String.join(" ", words)).isZero();
      assertThat(help.out())
          .as(String.join(" ", words))
          .startsWith("Usage: ./menagerie " + String.join(" ", command));
    }
  }

  @Test
  void help_shouldListEveryCommandWithItsOptions() {
    MainRun help = run("--help");
    assertThat(help.exit()).isZero();
    assertThat(run().out()).isEqualTo(help.out());
    assertThat(run("help").out()).isEqualTo(help.out());
    assertThat(help.out())
        .contains("  demo [--no-sample-model] [--data=DIR]")
        .contains("  model install [--production]")
        .contains("  archive restore [--json] [--data=DIR] BATCH_ID")
        .contains("  report [--csv] [--json]")
        .contains("--stack NAME [--region R]");
    assertThat(run("help", "promote").out()).isEqualTo(run("promote", "--help").out());
  }

  @Test
  void unknownCommand_shouldExitTwoNamingTheCommands() {
    for (String[] words : new String[][] {{"nosuchcommand", "--help"}, {"nosuchcommand"}}) {
      MainRun run = run(words);
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err())
          .contains("unknown command 'nosuchcommand'; the commands are demo, up, model")
          .contains("Run `./menagerie --help` for the commands.");
    }
  }

  @Test
  void usageErrors_shouldExitTwoWithASentence() {
    assertThat(run("models", "--bogus"))
        .extracting(MainRun::exit, MainRun::err)
        .containsExactly(
            2,
            "menagerie: unknown option --bogus; expected one of [--data, --json]\n"
                + "Run `./menagerie models --help` for its options.\n");
    assertThat(run("doctor", "now").err()).contains("doctor takes no arguments, got [now]");
    assertThat(run("model", "frob").err())
        .contains("unknown model subcommand 'frob'; expected one of install, sample");
    assertThat(run("model").err()).contains("model needs a subcommand: install or sample");
    assertThat(run("classify", "x.jpg", "--top-k", "0").err())
        .contains("--top-k must be from 1 to 100, was 0");
    assertThat(run("up", "--stack", "s").err())
        .contains("up is for the local cloud; it takes no --stack");
    assertThat(run("synth", "/tmp/zoo", "--seed", "3").err())
        .contains("synth is run by the ./menagerie launcher");
    assertThat(run("report", "usages").err())
        .contains("report takes one of usage, accuracy, models");
    for (String[] words :
        new String[][] {
          {"models", "--bogus"},
          {"doctor", "now"},
          {"model", "frob"},
          {"up", "--stack", "s"},
          {"rollup", "--stack", "s"},
          {"synth", "x"},
          {"archive", "--yes"}
        }) {
      assertThat(run(words).exit()).as(String.join(" ", words)).isEqualTo(2);
    }
  }

  @Test
  void aFailure_shouldExitOneWithItsMessage() {
    MainRun run = run("runs", "--data", "/nonexistent/menagerie-data");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith(
            "menagerie: no local cloud is running with data in /nonexistent/menagerie-data");
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> words = new ArrayList<>(path);
              words.add(name);
              into.add(words);
              collect(sub, words, into);
            });
  }
}
