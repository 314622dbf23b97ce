package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.TrainingFigures;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code runs}: the recent training runs, as a table or (--json) one line of JSON. */
final class RunsCommand {
  @Command(
      name = "runs",
      description =
          "Recent training runs: status, outcome, model version, classes, the base it"
              + " warm-started from (or scratch), epochs run/budget, time.")
  static final class Runs extends CliCommand {
    @Option(names = "--limit", paramLabel = "N", description = "How many (1 to 1000, default 20).")
    int limit = 20;

    @Option(names = "--json", description = "As one line of JSON.")
    boolean json;

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      within("--limit", limit, 1, 1000);
      return new RunsCommand(out(), target().endpoints(data.dir(repoRoot()))).run(limit, json);
    }
  }

  /** --json output: one document on one line, so a script can take the last line. */
  private static final ObjectMapper LINE = new ObjectMapper();

  private final PrintStream out;
  private final Endpoints endpoints;

  RunsCommand(PrintStream out, Endpoints endpoints) {
    this.out = out;
    this.endpoints = endpoints;
  }

  int run(int limit, boolean json) throws IOException {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints.aws())) {
      List<RunRecord> runs =
          new DynamoRunStore(dynamo, endpoints.tables().get("RunsTable"))
              .recent(RunKind.TRAINING, limit);
      if (json) {
        out.println(LINE.writeValueAsString(runs.stream().map(RunsCommand::runJson).toList()));
        return 0;
      }
      if (runs.isEmpty()) {
        out.println("No training runs yet: start one with ./menagerie train");
        return 0;
      }
      out.printf(
          Locale.ROOT,
          "%-32s %-10s %-10s %-26s %7s %-26s %7s %7s  %s%n",
          "RUN",
          "STATUS",
          "OUTCOME",
          "MODEL",
          "CLASSES",
          "BASE",
          "EPOCHS",
          "TIME",
          "NOTE");
      for (RunRecord run : runs) {
        TrainingFigures figures = run.training();
        out.printf(
            Locale.ROOT,
            "%-32s %-10s %-10s %-26s %7s %-26s %7s %7s  %s%n",
            run.runId(),
            run.status(),
            figures.outcome() != null
                ? figures.outcome()
                : Boolean.TRUE.equals(figures.throwAway()) ? "(throw-away)" : "-",
            run.modelVersion().orElse("-"),
            figures.dataset() == null ? "-" : Integer.toString(figures.dataset().classCount()),
            run.base().orElse("-"),
            run.epochs().orElse("-"),
            run.duration().map(d -> d.toSeconds() + " s").orElse("-"),
            run.error().map(e -> e.length() > 80 ? e.substring(0, 80) + "..." : e).orElse(""));
      }
      return 0;
    }
  }

  static Map<String, Object> runJson(RunRecord r) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("runId", r.runId());
    json.put("kind", r.kind().name());
    json.put("status", r.status().name());
    json.put("startedAt", r.startedAt().toString());
    json.put("endedAt", r.endedAt().map(Object::toString).orElse(null));
    json.put("modelVersion", r.modelVersion().orElse(null));
    json.put("base", r.base().orElse(null));
    json.put("epochs", r.epochs().orElse(null));
    json.put("seconds", r.duration().map(java.time.Duration::toSeconds).orElse(null));
    json.put("figures", r.figures());
    json.put("error", r.error().orElse(null));
    return json;
  }
}
