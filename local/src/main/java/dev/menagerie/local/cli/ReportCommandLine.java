package dev.menagerie.local.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of {@code evaluate}, {@code evaluate import}, {@code evaluate sample}, {@code report}
 * and {@code rollup}; {@link ReportCommands} runs them.
 */
final class ReportCommandLine {
  private ReportCommandLine() {}

  static Map<String, CommandLine> commands() {
    Map<String, CommandLine> commands = new LinkedHashMap<>();
    commands.put(
        "evaluate",
        new CommandLine(new Evaluate())
            .addSubcommand("import", new Import())
            .addSubcommand("sample", new Sample()));
    commands.put("report", new CommandLine(new Report()));
    commands.put("rollup", new CommandLine(new Rollup()));
    return commands;
  }

  /** {@code --from DAY --to DAY --model V}: the period (and model) a report or sample covers. */
  static final class Period {
    @Option(names = "--from", paramLabel = "DAY", description = "The first day (YYYY-MM-DD, UTC).")
    String from;

    @Option(names = "--to", paramLabel = "DAY", description = "The last day (YYYY-MM-DD, UTC).")
    String to;

    @Option(names = "--model", paramLabel = "V", description = "One model version.")
    String model;

    Map<String, String> query() {
      Map<String, String> query = new LinkedHashMap<>();
      put(query, "from", from);
      put(query, "to", to);
      put(query, "model", model);
      return query;
    }
  }

  /** {@code --csv | --json}. */
  static final class Format {
    @Option(names = "--csv", description = "As CSV.")
    boolean csv;

    @Option(names = "--json", description = "As JSON.")
    boolean json;
  }

  @Command(
      description =
          "Record a verdict (correct|incorrect|unusable) on a logged classification (a repeat by"
              + " the same evaluator replaces it). --label is required with incorrect. --evaluator"
              + " defaults to $USER.")
  static final class Evaluate extends CliCommand {
    // not required to picocli, so that `evaluate import|sample --help` is not refused for want of
    // them
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "REQUEST_ID",
        description = "The classification.")
    String requestId;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "correct|incorrect|unusable",
        description = "The verdict.")
    String verdict;

    @Option(names = "--label", paramLabel = "CORRECT_LABEL", description = "The right label.")
    String label;

    @Option(names = "--evaluator", paramLabel = "NAME", description = "Who says so.")
    String evaluator;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      if (requestId == null) {
        throw new UsageException("evaluate needs REQUEST_ID VERDICT, import FILE or sample");
      }
      if (verdict == null) {
        throw new UsageException(
            "evaluate takes REQUEST_ID and a verdict (correct|incorrect|unusable)");
      }
      return new ReportCommands(out())
          .evaluate(
              target().api(data.dir(repoRoot())),
              requestId,
              verdict,
              Optional.ofNullable(label),
              Optional.ofNullable(evaluator));
    }
  }

  @Command(
      description =
          "Import an evaluation session: CSV with header requestId,verdict,correctLabel,evaluator.")
  static final class Import extends CliCommand {
    @Parameters(paramLabel = "FILE.csv", description = "The session.")
    Path file;

    @Option(names = "--evaluator", paramLabel = "NAME", description = "Who, where a row is blank.")
    String evaluator;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      return new ReportCommands(out())
          .evaluateImport(target().api(data.dir(repoRoot())), file, Optional.ofNullable(evaluator));
    }
  }

  @Command(
      description =
          "Not-yet-evaluated classifications by model version and confidence band (default: the"
              + " last 7 days, 5 per stratum); --csv prints a sheet ready to fill in and import.")
  static final class Sample extends CliCommand {
    @Mixin Period period;

    @Option(names = "--per-stratum", paramLabel = "N", description = "Picked per stratum.")
    String perStratum;

    @Option(names = "--seed", paramLabel = "N", description = "The random seed.")
    String seed;

    @Mixin Format format;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      Map<String, String> query = period.query();
      put(query, "perStratum", perStratum);
      put(query, "seed", seed);
      return new ReportCommands(out())
          .sample(target().api(data.dir(repoRoot())), query, format.csv, format.json);
    }
  }

  @Command(description = "Print a report (default: the last 30 days). Days are YYYY-MM-DD, UTC.")
  static final class Report extends CliCommand {
    @Parameters(paramLabel = "usage|accuracy|models", description = "The report.")
    String which;

    @Mixin Period period;

    @Mixin Format format;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      if (!Set.of("usage", "accuracy", "models").contains(which)) {
        throw new UsageException("report takes one of usage, accuracy, models");
      }
      return new ReportCommands(out())
          .report(
              target().api(data.dir(repoRoot())), which, period.query(), format.csv, format.json);
    }
  }

  @Command(
      description =
          "Roll up past days now, as the daily schedule does (`up` also does it at start and every"
              + " hour); with --from, redo those days whatever their state.")
  static final class Rollup extends CliCommand {
    @Option(names = "--from", paramLabel = "DAY", description = "The first day to redo.")
    String from;

    @Option(names = "--to", paramLabel = "DAY", description = "The last day to redo.")
    String to;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      Map<String, Object> event = new LinkedHashMap<>();
      if (from != null) {
        event.put("from", from);
      }
      if (to != null) {
        event.put("to", to);
      }
      return new ReportCommands(out()).rollup(data.dir(repoRoot()), event);
    }
  }

  private static void put(Map<String, String> query, String name, String value) {
    if (value != null) {
      query.put(name, value);
    }
  }
}
