package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./menagerie classify FILE...}: posts each image to the running API's {@code /classify}, as
 * an app would, and prints the top labels (or, with --json, each response on its own line). Exits 1
 * if any image was refused.
 */
@Command(
    name = "classify",
    description =
        "Classify images through the running API's POST /classify (each request is logged as a"
            + " transaction): the top labels with confidences and the model version.")
final class ClassifyCommand extends CliCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "The images.")
  List<String> files;

  @Option(
      names = "--top-k",
      paramLabel = "N",
      description = "How many labels to ask for (1 to 100, default 3).")
  int topK = 3;

  @Option(names = "--json", description = "Each response as a line of JSON.")
  boolean json;

  @Mixin DataOption data;

  @Override
  public Integer call() throws IOException {
    within("--top-k", topK, 1, 100);
    PrintStream out = out();
    ApiClient api = target().api(data.dir(repoRoot()));
    int failures = 0;
    for (String name : files) {
      Path file = Path.of(name);
      if (!Files.isRegularFile(file)) {
        out.println(name + ": not a file");
        failures++;
        continue;
      }
      ApiClient.Response response =
          api.send(
              "POST",
              "/classify",
              Map.of("topK", Integer.toString(topK)),
              contentType(file),
              Files.readAllBytes(file));
      if (json) {
        out.println(
            JSON.writeValueAsString(
                JSON.createObjectNode().put("file", name).set("response", response.json())));
      } else if (response.status() == 200) {
        JsonNode body = response.json();
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
        out.println(name + ": " + ApiClient.ApiError.of(response).getMessage());
      }
      if (response.status() != 200) {
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
