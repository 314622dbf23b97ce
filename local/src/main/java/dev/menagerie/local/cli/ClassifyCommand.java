package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./menagerie classify FILE...}: posts each image to the running API's {@code /classify}, as
 * an app would, and prints the top labels (or, with --json, each response on its own line). Exits 1
 * if any image was refused.
 */
final class ClassifyCommand {
  static final String USAGE =
      """
        classify FILE... [--top-k N] [--json] [--data DIR]
            Classify images through the running API's POST /classify (each request is logged
            as a transaction): the top labels with confidences and the model version.
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final Path repoRoot;

  ClassifyCommand(PrintStream out, Path repoRoot) {
    this.out = out;
    this.repoRoot = repoRoot;
  }

  int run(List<String> words) throws IOException {
    Arguments args = Arguments.parse(words, Set.of("--json"), Set.of("--top-k", "--data"));
    if (args.positionals().isEmpty()) {
      throw new UsageException("classify needs at least one FILE");
    }
    int topK = args.intValue("--top-k", 3, 1, 100);
    Path data =
        Path.of(args.value("--data").orElse(repoRoot.resolve(".menagerie").toString()))
            .toAbsolutePath()
            .normalize();
    Endpoints endpoints = Endpoints.read(data);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int failures = 0;
    for (String name : args.positionals()) {
      Path file = Path.of(name);
      if (!Files.isRegularFile(file)) {
        out.println(name + ": not a file");
        failures++;
        continue;
      }
      HttpResponse<String> response;
      try {
        URI uri = URI.create(endpoints.apiUrl() + "/classify?topK=" + topK);
        byte[] image = Files.readAllBytes(file);
        response =
            http.send(
                ApiAuth.apply(
                        HttpRequest.newBuilder(uri)
                            .header("Content-Type", contentType(file))
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(image)),
                        "POST",
                        uri,
                        contentType(file),
                        image)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      JsonNode body = JSON.readTree(response.body());
      if (args.flag("--json")) {
        out.println(
            JSON.writeValueAsString(
                JSON.createObjectNode().put("file", name).set("response", body)));
      } else if (response.statusCode() == 200) {
        StringBuilder line = new StringBuilder(name).append(": ");
        for (JsonNode p : body.path("predictions")) {
          line.append(
              String.format(
                  Locale.ROOT,
                  "%s %.3f  ",
                  p.path("label").asText(),
                  p.path("confidence").asDouble()));
        }
        line.append("[").append(body.path("modelVersion").asText()).append("]");
        out.println(line.toString().strip());
      } else {
        out.println(
            name
                + ": "
                + response.statusCode()
                + " "
                + body.path("error").path("code").asText()
                + " "
                + body.path("error").path("message").asText());
      }
      if (response.statusCode() != 200) {
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      return "image/png";
    }
    if (name.endsWith(".gif")) {
      return "image/gif";
    }
    if (name.endsWith(".bmp")) {
      return "image/bmp";
    }
    return "image/jpeg";
  }
}
