package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.local.sfn.LocalStateMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bulk identification commands: {@code inbox put}, {@code library stats}, {@code filter ...},
 * {@code archive ...} and {@code bulk identify}. They talk to a running {@code ./menagerie up}
 * (DATA/endpoints.json) or a deployed stack: files go straight to its S3, filters through its HTTP
 * API, so the CLI answers exactly what the routes answer ({@link FilterText} words it for people;
 * {@code --json} prints the route's answer as one line of JSON).
 */
final class FilterCommands {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINE = new ObjectMapper();

  /** The filters' names, as the routes under {@code /filters/} spell them. */
  static final List<String> FILTER_NAMES =
      List.of("look-alikes", "low-count", "synthetic-heavy", "collection", "lowest-scores");

  private FilterCommands() {}

  /**
   * {@code inbox}, {@code library} (with {@link TrainingCommands}' put), {@code filter}, {@code
   * archive}, {@code bulk}, and the short forms {@code restore} and {@code identify}.
   */
  static Map<String, CommandLine> commands() {
    Map<String, CommandLine> commands = new LinkedHashMap<>();
    commands.put("inbox", CommandGroup.of("put", new InboxPut()));
    commands.put(
        "library",
        CommandGroup.of("put", new TrainingCommands.LibraryPut(), "stats", new LibraryStats()));
    commands.put("filter", new CommandLine(new Filter()));
    commands.put("archive", new CommandLine(new Archive()).addSubcommand("restore", new Restore()));
    commands.put("restore", shortForm(new Restore()));
    commands.put("bulk", CommandGroup.of("identify", new Identify()));
    commands.put("identify", shortForm(new Identify()));
    return commands;
  }

  /** A top-level name for a subcommand ({@code restore}: {@code archive restore}), not listed. */
  private static CommandLine shortForm(CliCommand command) {
    CommandLine cli = new CommandLine(command);
    cli.getCommandSpec().usageMessage().hidden(true);
    return cli;
  }

  /** The commands that print a route's answer: for people, or with --json as one line. */
  abstract static class RouteCommand extends CliCommand {
    @Option(names = "--json", description = "The route's answer as one line of JSON.")
    boolean json;

    @Mixin DataOption data;

    ApiClient api() throws IOException {
      return target().api(data.dir(repoRoot()));
    }

    int print(JsonNode body) throws IOException {
      if (json) {
        out().println(LINE.writeValueAsString(body));
      } else {
        out().print(FilterText.human(body));
      }
      return 0;
    }
  }

  @Command(
      name = "put",
      description =
          "Upload images to inbox/C/ (default collection: default). With `up` running they are"
              + " identified within seconds (see the filters).")
  static final class InboxPut extends CliCommand {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The images.")
    List<String> files;

    @Option(
        names = "--collection",
        paramLabel = "C",
        description = "The collection (a folder name; default: default).")
    String collection = "default";

    @Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      if (!collection.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
        throw new UsageException("--collection " + collection + " is not a simple folder name");
      }
      Endpoints endpoints = target().endpoints(data.dir(repoRoot()));
      try (S3Client s3 = AwsClients.s3(endpoints.aws())) {
        for (String file : files) {
          Path path = Path.of(file);
          if (!Files.isRegularFile(path)) {
            throw new UsageException(file + " is not a file");
          }
          String key = "inbox/" + collection + "/" + path.getFileName();
          s3.putObject(b -> b.bucket(endpoints.bucket()).key(key), RequestBody.fromFile(path));
          out().println("put s3://" + endpoints.bucket() + "/" + key);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "stats",
      description =
          "Labelled images per class by origin (real/staged/synthetic), classes below and just"
              + " above the cutoff, classes mostly staged or synthetic.")
  static final class LibraryStats extends RouteCommand {
    @Option(names = "--cutoff", paramLabel = "N", description = "The class-size cutoff.")
    String cutoff;

    @Option(names = "--margin", paramLabel = "F", description = "How far above it is \"just\".")
    String margin;

    @Option(names = "--share", paramLabel = "F", description = "The share that is \"mostly\".")
    String share;

    @Override
    public Integer call() throws IOException {
      Map<String, String> query = new LinkedHashMap<>();
      put(query, "cutoff", cutoff);
      put(query, "margin", margin);
      put(query, "share", share);
      return print(api().get("/library/statistics", query));
    }
  }

  @Command(
      name = "filter",
      description = {
        "One page of a labelling filter (or, with --export, a manifest of every match written to"
            + " exports/ in the bucket). --model-version V picks a model (default: production);"
            + " --collection C one collection (default: all). NAME is one of",
        "  look-alikes --label X [--min A] [--max B] [--order asc|desc]",
        "  low-count [--cutoff N] [--factor F]",
        "  synthetic-heavy [--share F]",
        "  collection --collection C --label X [--min A]",
        "  lowest-scores [--below S]"
      })
  static final class Filter extends RouteCommand {
    @Parameters(paramLabel = "NAME", description = "The filter.")
    String name;

    @Option(names = "--label", paramLabel = "X", description = "The label looked at.")
    String label;

    @Option(names = "--min", paramLabel = "A", description = "The lowest confidence.")
    String min;

    @Option(names = "--max", paramLabel = "B", description = "The highest confidence.")
    String max;

    @Option(names = "--order", paramLabel = "asc|desc", description = "By confidence.")
    String order;

    @Option(names = "--cutoff", paramLabel = "N", description = "The class-size cutoff.")
    String cutoff;

    @Option(names = "--factor", paramLabel = "F", description = "How far below the cutoff.")
    String factor;

    @Option(names = "--share", paramLabel = "F", description = "The staged/synthetic share.")
    String share;

    @Option(names = "--collection", paramLabel = "C", description = "One collection.")
    String collection;

    @Option(names = "--below", paramLabel = "S", description = "Scores below S.")
    String below;

    @Option(names = "--model-version", paramLabel = "V", description = "The model's answers.")
    String modelVersion;

    @Option(names = "--limit", paramLabel = "N", description = "Items in a page.")
    String limit;

    @Option(names = "--next", paramLabel = "TOKEN", description = "The next page.")
    String next;

    @Option(
        names = "--export",
        paramLabel = "jsonl|csv",
        description = "A manifest of every match, written to exports/ in the bucket.")
    String export;

    @Override
    public Integer call() throws IOException {
      if (!FILTER_NAMES.contains(name)) {
        throw new UsageException(
            "unknown filter '" + name + "'; NAME is one of " + String.join(", ", FILTER_NAMES));
      }
      Map<String, String> params = new LinkedHashMap<>();
      put(params, "label", label);
      put(params, "min", min);
      put(params, "max", max);
      put(params, "order", order);
      put(params, "cutoff", cutoff);
      put(params, "factor", factor);
      put(params, "share", share);
      put(params, "collection", collection);
      put(params, "below", below);
      put(params, "modelVersion", modelVersion);
      if (export != null) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filter", name);
        body.put("format", export);
        body.put("params", params);
        return print(api().postJson("/filters/export", body));
      }
      put(params, "limit", limit);
      put(params, "next", next);
      return print(api().get("/filters/" + name, params));
    }
  }

  @Command(
      name = "archive",
      description =
          "Move the images scoring below S from inbox/ to archive/. Without --yes only reports how"
              + " many would move (a dry run). Nothing is deleted.")
  static final class Archive extends RouteCommand {
    // checked in call(), not by picocli, so that `archive restore` is not refused for want of it
    @Option(names = "--below", paramLabel = "S", description = "The score (required).")
    String below;

    @Option(names = "--collection", paramLabel = "C", description = "One collection.")
    String collection;

    @Option(names = "--model-version", paramLabel = "V", description = "The model's scores.")
    String modelVersion;

    @Option(names = "--yes", description = "Move them (not a dry run).")
    boolean yes;

    @Override
    public Integer call() throws IOException {
      if (below == null) {
        throw new UsageException("archive needs --below SCORE");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("below", below);
      if (collection != null) {
        body.put("collection", collection);
      }
      if (modelVersion != null) {
        body.put("modelVersion", modelVersion);
      }
      body.put("dryRun", !yes);
      return print(api().postJson("/archive", body));
    }
  }

  @Command(description = "Put back what an archive moved (also: ./menagerie restore BATCH_ID).")
  static final class Restore extends RouteCommand {
    @Parameters(paramLabel = "BATCH_ID", description = "The archive's batch.")
    String batchId;

    @Override
    public Integer call() throws IOException {
      return print(api().postJson("/archive/restore", Map.of("batchId", batchId)));
    }
  }

  @Command(
      description =
          "Re-identify an inbox prefix (default: the whole inbox) with a model version (default:"
              + " production): runs statemachines/bulk-identify.asl.json locally and prints the"
              + " run's figures (images, outcomes, images per second). Also: ./menagerie identify.")
  static final class Identify extends RouteCommand {
    @Option(names = "--collection", paramLabel = "C", description = "inbox/C/.")
    String collection;

    @Option(names = "--prefix", paramLabel = "P", description = "Any prefix.")
    String prefix;

    @Option(names = "--model-version", paramLabel = "V", description = "The model.")
    String modelVersion;

    @Override
    public Integer call() throws IOException {
      if (collection != null && prefix != null) {
        throw new UsageException("give --collection or --prefix, not both");
      }
      Map<String, Object> input = new LinkedHashMap<>();
      input.put(
          "prefix",
          prefix != null ? prefix : collection != null ? "inbox/" + collection + "/" : "inbox/");
      if (modelVersion != null) {
        input.put("modelVersion", modelVersion);
      }
      Target target = target();
      if (target.stack().isPresent()) {
        return RemoteExecution.run(
            out(),
            target.stack().get(),
            "BulkIdentifyStateMachineArn",
            "identify-",
            LINE.valueToTree(input),
            json);
      }
      Path dir = data.dir(repoRoot());
      try (RunningCloud cloud = new RunningCloud(repoRoot(), dir, Endpoints.read(dir))) {
        LocalStateMachine.Execution execution =
            LocalStateMachine.of(cloud, repoRoot(), "BulkIdentifyStateMachine", Map.of())
                .run(input);
        if (!execution.succeeded()) {
          throw new IOException(
              "the bulk-identify run failed: " + execution.error() + ": " + execution.cause());
        }
        JsonNode run = execution.output().path("run");
        out().println(json ? LINE.writeValueAsString(run) : JSON.writeValueAsString(run));
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  private static void put(Map<String, String> params, String name, String value) {
    if (value != null) {
      params.put(name, value);
    }
  }
}
