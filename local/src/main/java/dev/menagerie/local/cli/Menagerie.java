package dev.menagerie.local.cli;

import dev.menagerie.local.cloud.FunctionLogs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root of {@code ./menagerie}: the options every command takes ({@code --stack}, {@code
 * --region}, {@code --verbose}, {@code --help}), the {@link Target} they choose, and the commands
 * ({@link #commandLine}). Alone it prints the usage of every command ({@link CommandList}).
 */
@Command(
    name = "./menagerie",
    synopsisHeading = "Usage: ",
    customSynopsis = "./menagerie COMMAND [OPTIONS]",
    description = {
      "",
      "Menagerie classifies images on CPU behind an HTTP API and keeps improving its model.",
      "These commands run the whole system on this machine (no AWS, no Docker) and drive it."
    },
    commandListHeading = "%nCommands:%n",
    footer = {
      "",
      "Every command takes --help (`./menagerie COMMAND --help`: its options).",
      "",
      "Against a deployed stack: add --stack NAME [--region R] to any command but up, demo,"
          + " model, rollup and doctor. The CLI reads the stack's outputs and uses the default AWS"
          + " credential chain: S3 and DynamoDB directly, the state machines through Step"
          + " Functions, and the HTTP API with SigV4 (or, for a JWT stack, the bearer token in"
          + " MENAGERIE_TOKEN).",
      "",
      "The functions that run in this process (all of them under up and demo) write their logs"
          + " and metrics to DIR/logs/FUNCTION.log, not to the console; add --verbose to any"
          + " command, or set MENAGERIE_VERBOSE=1, to see them here as Lambda writes them.",
      "",
      "Try, once `./menagerie up` is running:",
      "  curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg'"
          + " http://127.0.0.1:8080/classify"
    })
final class Menagerie implements Callable<Integer> {
  /** The commands that work on the local cloud only: they take no --stack. */
  private static final Set<String> LOCAL_ONLY = Set.of("up", "demo", "model", "doctor");

  @Option(
      names = "--stack",
      paramLabel = "NAME",
      scope = ScopeType.INHERIT,
      hidden = true,
      description = "Work against the deployed stack NAME (its CloudFormation outputs).")
  private String stack;

  @Option(
      names = "--region",
      paramLabel = "R",
      scope = ScopeType.INHERIT,
      hidden = true,
      description = "The deployed stack's region (default: AWS_REGION, else us-east-1).")
  private String region;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      hidden = true,
      description = "The functions' logs and metrics on the console.")
  private boolean verbose;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      hidden = true,
      description = "This text.")
  private boolean help;

  @Spec private CommandSpec spec;

  private final PrintStream out;
  private final Path repoRoot;
  private Target target;

  private Menagerie(PrintStream out, Path repoRoot) {
    this.out = out;
    this.repoRoot = repoRoot;
  }

  /** The whole command line: this root and every command under it. */
  static CommandLine commandLine(PrintStream out, Path repoRoot) {
    CommandLine cli = new CommandLine(new Menagerie(out, repoRoot));
    cli.addSubcommand(new UpCommand.DemoCommand());
    cli.addSubcommand(new UpCommand.Up());
    cli.addSubcommand("model", ModelCommand.group());
    LauncherPrograms.all().forEach(cli::addSubcommand);
    cli.addSubcommand(new ClassifyCommand());
    FilterCommands.commands().forEach((name, command) -> cli.addSubcommand(name, command));
    TrainingCommands.commands().forEach((name, command) -> cli.addSubcommand(name, command));
    cli.addSubcommand(new RunsCommand.Runs());
    RegistryCommands.commands().forEach((name, command) -> cli.addSubcommand(name, command));
    ReportCommandLine.commands().forEach((name, command) -> cli.addSubcommand(name, command));
    cli.addSubcommand(new Doctor());
    cli.addSubcommand(new Help());
    cli.setUsageHelpWidth(CommandList.WIDTH);
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    cli.getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandList());
    return cli;
  }

  PrintStream out() {
    return out;
  }

  Path repoRoot() {
    return repoRoot;
  }

  /** The local cloud, or the deployed stack {@code --stack} named (its outputs read once). */
  Target target() {
    if (target == null) {
      target =
          stack == null
              ? Target.local()
              : Target.deployed(Stack.read(stack, Optional.ofNullable(region)));
    }
    return target;
  }

  /**
   * What holds for the whole command line before a command runs: --verbose takes effect, and the
   * commands that work on the local cloud only refuse --stack.
   */
  void check(CommandLine.ParseResult parsed) {
    if (verbose) {
      FunctionLogs.keepOnConsole();
    }
    if (stack == null || !parsed.hasSubcommand()) {
      return;
    }
    String command = parsed.subcommand().commandSpec().name();
    if (LOCAL_ONLY.contains(command)) {
      throw new UsageException(command + " is for the local cloud; it takes no --stack");
    }
    if (command.equals("rollup")) {
      throw new UsageException(
          "rollup runs the local cloud's rollup; on AWS the RollupFunction runs daily (invoke"
              + " it to redo days: the RollupFunctionName output)");
    }
  }

  /** {@code ./menagerie} alone: the usage of every command. */
  @Override
  public Integer call() {
    spec.commandLine().usage(out, CommandLine.Help.Ansi.OFF);
    return 0;
  }

  /** The names of the commands, for the message an unknown one gets. */
  static List<String> commandNames(CommandSpec root) {
    List<String> names = new ArrayList<>();
    root.subcommands()
        .forEach(
            (name, sub) -> {
              if (!sub.getCommandSpec().usageMessage().hidden()) {
                names.add(name);
              }
            });
    return names;
  }

  /** {@code help [COMMAND]}: the usage of every command, or of one. */
  @Command(name = "help", description = "This text (with COMMAND: that command's).")
  static final class Help extends CliCommand {
    @Parameters(paramLabel = "COMMAND", arity = "0..1", description = "A command.")
    String command;

    @Override
    public Integer call() {
      CommandLine root = spec.root().commandLine();
      CommandLine of = command == null ? root : root.getSubcommands().get(command);
      if (of == null) {
        throw new UsageException(
            "unknown command '"
                + command
                + "'; the commands are "
                + String.join(", ", commandNames(root.getCommandSpec())));
      }
      of.usage(out(), CommandLine.Help.Ansi.OFF);
      return 0;
    }
  }
}
