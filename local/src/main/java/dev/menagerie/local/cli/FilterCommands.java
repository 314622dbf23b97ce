package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.local.sfn.LocalStateMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bulk identification commands: {@code inbox put}, {@code library stats}, {@code filter ...}
 * and {@code archive ...}. They talk to a running {@code ./menagerie up} (DATA/endpoints.json):
 * files go straight to its S3, filters through its HTTP API, so the CLI answers exactly what the
 * routes answer.
 */
final class FilterCommands {
  static final String USAGE =
      """
        inbox put FILE... [--collection C] [--data DIR]
            Upload images to inbox/C/ (default collection: default). With `up` running they
            are identified within seconds (see the filters).
        library stats [--cutoff N] [--margin F] [--share F]
            Labelled images per class by origin (real/staged/synthetic), classes below and just
            above the cutoff, classes mostly staged or synthetic.
        filter NAME [OPTIONS] [--limit N] [--next TOKEN] [--export jsonl|csv]
            One page of a labelling filter (or, with --export, a manifest of every match
            written to exports/ in the bucket). --model-version V picks a model (default:
            production); --collection C one collection (default: all). NAME is one of
              look-alikes --label X [--min A] [--max B] [--order asc|desc]
              low-count [--cutoff N] [--factor F]
              synthetic-heavy [--share F]
              collection --collection C --label X [--min A]
              lowest-scores [--below S]
        archive --below S [--collection C] [--model-version V] [--yes]
            Move the images scoring below S from inbox/ to archive/. Without --yes only
            reports how many would move (a dry run). Nothing is deleted.
        archive restore BATCH_ID      (also: restore BATCH_ID)
            Put back what an archive moved.
        bulk identify [--collection C | --prefix P] [--model-version V] [--data DIR]
              (also: identify ...)
            Re-identify an inbox prefix (default: the whole inbox) with a model version
            (default: production): runs statemachines/bulk-identify.asl.json locally and
            prints the run's figures (images, outcomes, images per second).
        (filter, library stats, archive and identify print for people; --json prints the
        route's answer as one line of JSON)
      """;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINE = new ObjectMapper();
  private boolean json;
  private static final Set<String> FILTER_OPTIONS =
      Set.of(
          "--label",
          "--min",
          "--max",
          "--order",
          "--cutoff",
          "--factor",
          "--share",
          "--collection",
          "--below",
          "--model-version",
          "--limit",
          "--next",
          "--export",
          "--data");

  private final PrintStream out;
  private final Path repoRoot;
  private final HttpClient http = HttpClient.newHttpClient();

  FilterCommands(PrintStream out, Path repoRoot) {
    this.out = out;
    this.repoRoot = repoRoot;
  }

  /**
   * Runs {@code inbox}, {@code library}, {@code filter} or {@code archive}; returns the exit code.
   */
  int run(String command, List<String> words) throws IOException {
    json = words.contains("--json");
    words = words.stream().filter(w -> !w.equals("--json")).toList();
    return switch (command) {
      case "inbox" -> inbox(words);
      case "library" -> library(words);
      case "filter" -> filter(words);
      case "archive" -> archive(words);
      case "bulk" -> bulk(words);
      default -> throw new UsageException("unknown command '" + command + "'");
    };
  }

  private int inbox(List<String> words) throws IOException {
    if (words.isEmpty() || !words.get(0).equals("put")) {
      throw new UsageException("inbox needs a subcommand: put");
    }
    Arguments args =
        Arguments.parse(words.subList(1, words.size()), Set.of(), Set.of("--collection", "--data"));
    if (args.positionals().isEmpty()) {
      throw new UsageException("inbox put needs at least one FILE");
    }
    String collection = args.value("--collection").orElse("default");
    if (!collection.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new UsageException("--collection " + collection + " is not a simple folder name");
    }
    Endpoints endpoints = Endpoints.read(dataDir(args));
    try (S3Client s3 = AwsClients.s3(endpoints.aws())) {
      for (String file : args.positionals()) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
          throw new UsageException(file + " is not a file");
        }
        String key = "inbox/" + collection + "/" + path.getFileName();
        s3.putObject(b -> b.bucket(endpoints.bucket()).key(key), RequestBody.fromFile(path));
        out.println("put s3://" + endpoints.bucket() + "/" + key);
      }
    }
    return 0;
  }

  private int library(List<String> words) throws IOException {
    if (words.isEmpty() || !words.get(0).equals("stats")) {
      throw new UsageException("library needs a subcommand: stats");
    }
    Arguments args =
        Arguments.parse(
            words.subList(1, words.size()),
            Set.of(),
            Set.of("--cutoff", "--margin", "--share", "--data"));
    return get(
        dataDir(args),
        "/library/statistics",
        params(args, List.of("--cutoff", "--margin", "--share")));
  }

  /** The filters' names, as the routes under {@code /filters/} spell them. */
  static final List<String> FILTER_NAMES =
      List.of("look-alikes", "low-count", "synthetic-heavy", "collection", "lowest-scores");

  private int filter(List<String> words) throws IOException {
    if (words.isEmpty()) {
      throw new UsageException("filter needs a NAME: " + String.join(", ", FILTER_NAMES));
    }
    String name = words.get(0);
    if (!FILTER_NAMES.contains(name)) {
      throw new UsageException(
          "unknown filter '" + name + "'; NAME is one of " + String.join(", ", FILTER_NAMES));
    }
    Arguments args = Arguments.parse(words.subList(1, words.size()), Set.of(), FILTER_OPTIONS);
    if (!args.positionals().isEmpty()) {
      throw new UsageException("filter takes options only, got " + args.positionals());
    }
    Map<String, String> params =
        params(
            args,
            List.of(
                "--label",
                "--min",
                "--max",
                "--order",
                "--cutoff",
                "--factor",
                "--share",
                "--collection",
                "--below",
                "--model-version",
                "--limit",
                "--next"));
    if (args.value("--export").isPresent()) {
      params.remove("limit");
      params.remove("next");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("filter", name);
      body.put("format", args.value("--export").get());
      body.put("params", params);
      return post(dataDir(args), "/filters/export", body);
    }
    return get(dataDir(args), "/filters/" + name, params);
  }

  private int archive(List<String> words) throws IOException {
    if (!words.isEmpty() && words.get(0).equals("restore")) {
      Arguments args = Arguments.parse(words.subList(1, words.size()), Set.of(), Set.of("--data"));
      if (args.positionals().size() != 1) {
        throw new UsageException("archive restore takes one BATCH_ID");
      }
      return post(dataDir(args), "/archive/restore", Map.of("batchId", args.positionals().get(0)));
    }
    Arguments args =
        Arguments.parse(
            words, Set.of("--yes"), Set.of("--below", "--collection", "--model-version", "--data"));
    if (args.value("--below").isEmpty()) {
      throw new UsageException("archive needs --below SCORE");
    }
    Map<String, Object> body =
        new LinkedHashMap<>(params(args, List.of("--below", "--collection", "--model-version")));
    body.put("dryRun", !args.flag("--yes"));
    return post(dataDir(args), "/archive", body);
  }

  private int bulk(List<String> words) throws IOException {
    if (words.isEmpty() || !words.get(0).equals("identify")) {
      throw new UsageException("bulk needs a subcommand: identify");
    }
    Arguments args =
        Arguments.parse(
            words.subList(1, words.size()),
            Set.of(),
            Set.of("--collection", "--prefix", "--model-version", "--data"));
    if (args.value("--collection").isPresent() && args.value("--prefix").isPresent()) {
      throw new UsageException("give --collection or --prefix, not both");
    }
    String prefix =
        args.value("--prefix")
            .orElse(args.value("--collection").map(c -> "inbox/" + c + "/").orElse("inbox/"));
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("prefix", prefix);
    args.value("--model-version").ifPresent(v -> input.put("modelVersion", v));
    if (Stack.active().isPresent()) {
      return RemoteExecution.run(
          out,
          Stack.active().get(),
          "BulkIdentifyStateMachineArn",
          "identify-",
          new ObjectMapper().valueToTree(input),
          json);
    }
    Endpoints endpoints = Endpoints.read(dataDir(args));
    try (RunningCloud cloud = new RunningCloud(repoRoot, dataDir(args), endpoints)) {
      LocalStateMachine.Execution execution =
          LocalStateMachine.of(cloud, repoRoot, "BulkIdentifyStateMachine", Map.of()).run(input);
      if (!execution.succeeded()) {
        throw new IOException(
            "the bulk-identify run failed: " + execution.error() + ": " + execution.cause());
      }
      out.println(
          json
              ? LINE.writeValueAsString(execution.output().path("run"))
              : JSON.writeValueAsString(execution.output().path("run")));
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** {@code --model-version} becomes {@code modelVersion}. */
  private static Map<String, String> params(Arguments args, List<String> options) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String option : options) {
      args.value(option).ifPresent(v -> params.put(camel(option.substring(2)), v));
    }
    return params;
  }

  static String camel(String dashed) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : dashed.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private int get(Path data, String path, Map<String, String> query) throws IOException {
    StringJoiner q = new StringJoiner("&");
    query.forEach(
        (k, v) ->
            q.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String suffix = q.length() == 0 ? "" : "?" + q;
    URI uri = api(data, path + suffix);
    return send(ApiAuth.apply(HttpRequest.newBuilder(uri).GET(), "GET", uri, null, null).build());
  }

  private int post(Path data, String path, Object body) throws IOException {
    URI uri = api(data, path);
    byte[] bytes = JSON.writeValueAsBytes(body);
    return send(
        ApiAuth.apply(
                HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                "POST",
                uri,
                "application/json",
                bytes)
            .build());
  }

  private int send(HttpRequest request) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException("the API answered " + response.statusCode() + ": " + response.body());
    }
    if (response.statusCode() >= 400) {
      JsonNode error = body.path("error");
      throw new IOException(
          error.path("code").asText("HTTP " + response.statusCode())
              + ": "
              + error.path("message").asText(response.body()));
    }
    if (json) {
      out.println(LINE.writeValueAsString(body));
    } else {
      out.print(human(body));
    }
    return 0;
  }

  /** A route's answer for people: items and classes as aligned rows, anything else as JSON. */
  static String human(JsonNode body) throws IOException {
    StringBuilder text = new StringBuilder();
    if (body.path("items").isArray()) {
      for (JsonNode item : body.path("items")) {
        text.append(
            String.format(
                Locale.ROOT,
                "%-48s %-16s %s  %s%n",
                item.path("key").asText(),
                item.path("label").asText("-"),
                item.has("confidence")
                    ? String.format(Locale.ROOT, "%.3f", item.path("confidence").asDouble())
                    : "-",
                item.path("modelVersion").asText("")));
      }
      text.append(body.path("items").size()).append(" result(s)");
      if (body.hasNonNull("next")) {
        text.append("; more with --next ").append(body.path("next").asText());
      }
      JsonNode chosen = body.path("criteria").path("modelVersionChosen");
      if (chosen.isTextual()) {
        text.append("\nModel: ").append(chosen.asText());
      }
      return text.append('\n').toString();
    }
    if (body.has("dryRun") && body.has("count")) {
      return archiveText(body);
    }
    if (body.has("restored") && body.has("batchId")) {
      return String.format(
          Locale.ROOT,
          "Restored %d image(s) of batch %s to inbox/ (%d were back already)%n",
          body.path("restored").asInt(),
          body.path("batchId").asText(),
          body.path("alreadyBack").asInt());
    }
    if (body.path("classes").isArray()) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-24s %7s %7s %7s %9s%n",
              "CLASS",
              "TOTAL",
              "REAL",
              "STAGED",
              "SYNTHETIC"));
      for (JsonNode c : body.path("classes")) {
        text.append(
            String.format(
                Locale.ROOT,
                "%-24s %7s %7s %7s %9s%n",
                c.path("label").asText(),
                c.path("total").asText("-"),
                c.path("real").asText("-"),
                c.path("staged").asText("-"),
                c.path("synthetic").asText("-")));
      }
      body.fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().equals("classes")) {
                  text.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
                }
              });
      return text.toString();
    }
    return JSON.writeValueAsString(body) + "\n";
  }

  /** An archive's answer for people: how many, which model, a sample, and how to undo it. */
  static String archiveText(JsonNode body) {
    StringBuilder text = new StringBuilder();
    boolean dryRun = body.path("dryRun").asBoolean(true);
    JsonNode criteria = body.path("criteria");
    String scope =
        criteria.path("collection").asText("*").equals("*")
            ? "every collection"
            : "inbox/" + criteria.path("collection").asText() + "/";
    text.append(
        String.format(
            Locale.ROOT,
            "%s %d image(s) of %s scoring below %s with model %s%n",
            dryRun ? "Would move" : "Moved",
            body.path("count").asInt(),
            scope,
            criteria.path("below").asText("?"),
            body.path("modelVersion").asText("?")));
    int listed = 0;
    for (JsonNode sample : body.path("sample")) {
      if (listed++ == 5) {
        break;
      }
      text.append("  ").append(sample.asText()).append('\n');
    }
    if (body.path("count").asInt() > 5 && body.path("sample").size() > 5) {
      text.append("  ...\n");
    }
    if (dryRun) {
      text.append("A dry run: nothing moved. Add --yes to move them to archive/.\n");
    } else if (body.hasNonNull("batchId")) {
      text.append(
          "Nothing is deleted: ./menagerie archive restore "
              + body.path("batchId").asText()
              + " puts them back.\n");
    }
    return text.toString();
  }

  private static URI api(Path data, String pathAndQuery) throws IOException {
    return URI.create(Endpoints.read(data).apiUrl() + pathAndQuery);
  }

  private Path dataDir(Arguments args) {
    return Path.of(args.value("--data").orElse(repoRoot.resolve(".menagerie").toString()))
        .toAbsolutePath()
        .normalize();
  }
}
