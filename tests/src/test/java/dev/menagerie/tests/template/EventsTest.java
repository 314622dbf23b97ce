package dev.menagerie.tests.template;

import static dev.menagerie.local.template.CloudFormationYaml.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.local.template.CloudFormationYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample events in {@code events/} look like what API Gateway sends (HTTP API, payload 2.0),
 * target routes the template declares, and carry payloads that decode.
 */
class EventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Set<String> routeKeys;

  @BeforeAll
  static void readRoutes() throws IOException {
    routeKeys = routeKeys(CloudFormationYaml.load(RepositoryRoot.template()));
  }

  static Stream<Path> events() throws IOException {
    try (Stream<Path> files = Files.list(RepositoryRoot.path().resolve("events"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          // start-*.json are state machine inputs (StartTrainingEventsTest), not API events
          .filter(f -> !f.getFileName().toString().startsWith("start-"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void eventsDirectory_shouldHoldTheClassifySamples() throws IOException {
    assertThat(events().map(p -> p.getFileName().toString()))
        .contains(
            "classify-jpeg.json",
            "classify-json-base64.json",
            "classify-s3key.json",
            "classify-bad-input.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void event_shouldBeAnHttpApiV2EventForADeclaredRoute(Path file) throws IOException {
    JsonNode event = JSON.readTree(file.toFile());

    assertThat(event.path("version").asText()).isEqualTo("2.0");
    String routeKey = event.path("routeKey").asText();
    assertThat(routeKeys).as("routes declared in template.yaml").contains(routeKey);

    JsonNode context = event.path("requestContext");
    assertThat(context.path("routeKey").asText()).isEqualTo(routeKey);
    assertThat(context.path("requestId").asText()).isNotBlank();
    assertThat(context.path("timeEpoch").isIntegralNumber()).isTrue();
    String method = routeKey.substring(0, routeKey.indexOf(' '));
    String path = routeKey.substring(routeKey.indexOf(' ') + 1);
    assertThat(context.path("http").path("method").asText()).isEqualTo(method);
    if (!path.contains("{")) {
      assertThat(event.path("rawPath").asText()).isEqualTo(path);
      assertThat(context.path("http").path("path").asText()).isEqualTo(path);
    }
    assertThat(context.path("authorizer").has("iam") || context.path("authorizer").has("jwt"))
        .as("an authorizer block (no route is public)")
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void event_shouldCarryADecodableBody(Path file) throws IOException {
    JsonNode event = JSON.readTree(file.toFile());
    byte[] body = body(event);

    String contentType =
        event.path("headers").path("content-type").asText("").toLowerCase(Locale.ROOT);
    if (contentType.startsWith("application/json")) {
      JsonNode json = JSON.readTree(body);
      if (json.has("image")) {
        byte[] image = Base64.getDecoder().decode(json.path("image").asText());
        assertThat(isJpeg(image) || isPng(image)).as("image is a JPEG or a PNG").isTrue();
      }
    }
    if (event.path("headers").has("content-length")) {
      assertThat(event.path("headers").path("content-length").asInt()).isEqualTo(body.length);
    }
  }

  @Test
  void jpegEvent_shouldCarryAJpeg() throws IOException {
    byte[] body = body(read("classify-jpeg.json"));
    assertThat(isJpeg(body)).isTrue();
  }

  @Test
  void badInputEvent_shouldCarrySomethingThatIsNotAnImage() throws IOException {
    JsonNode event = read("classify-bad-input.json");
    byte[] body = body(event);
    assertThat(event.path("headers").path("content-type").asText()).isEqualTo("image/jpeg");
    assertThat(isJpeg(body) || isPng(body)).isFalse();
    assertThat(new String(body, StandardCharsets.UTF_8)).contains("<html>");
  }

  @Test
  void jsonEvents_shouldNameTheirInputs() throws IOException {
    JsonNode base64 = JSON.readTree(body(read("classify-json-base64.json")));
    JsonNode s3Key = JSON.readTree(body(read("classify-s3key.json")));
    assertThat(base64.path("image").asText()).isNotBlank();
    assertThat(
            read("classify-json-base64.json").path("queryStringParameters").path("topK").asText())
        .isEqualTo("3");
    assertThat(s3Key.path("s3Key").asText()).startsWith("inbox/");
  }

  private static JsonNode read(String name) throws IOException {
    return JSON.readTree(RepositoryRoot.path().resolve("events").resolve(name).toFile());
  }

  /** The body as bytes, decoded when API Gateway base64-encoded it. */
  private static byte[] body(JsonNode event) {
    String body = event.path("body").asText("");
    if (event.path("isBase64Encoded").asBoolean(false)) {
      assertThatCode(() -> Base64.getDecoder().decode(body)).doesNotThrowAnyException();
      return Base64.getDecoder().decode(body);
    }
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isJpeg(byte[] bytes) {
    return bytes.length > 3
        && (bytes[0] & 0xff) == 0xff
        && (bytes[1] & 0xff) == 0xd8
        && (bytes[2] & 0xff) == 0xff;
  }

  private static boolean isPng(byte[] bytes) {
    return bytes.length > 8
        && (bytes[0] & 0xff) == 0x89
        && bytes[1] == 'P'
        && bytes[2] == 'N'
        && bytes[3] == 'G';
  }

  /**
   * The route keys the template declares: AWS::ApiGatewayV2::Route resources, and HttpApi events of
   * SAM functions ("METHOD /path").
   */
  static Set<String> routeKeys(CloudFormationYaml template) {
    Set<String> keys = new LinkedHashSet<>();
    template
        .resourcesOfType("AWS::ApiGatewayV2::Route")
        .values()
        .forEach(
            route -> {
              if (asMap(route.get("Properties")).get("RouteKey") instanceof String key) {
                keys.add(key);
              }
            });
    template
        .resourcesOfType("AWS::Serverless::Function")
        .values()
        .forEach(
            function ->
                asMap(asMap(function.get("Properties")).get("Events"))
                    .values()
                    .forEach(
                        e -> {
                          Object type = asMap(e).get("Type");
                          Object properties = asMap(e).get("Properties");
                          if ("HttpApi".equals(type)) {
                            Object method = asMap(properties).get("Method");
                            Object path = asMap(properties).get("Path");
                            keys.add(String.valueOf(method).toUpperCase(Locale.ROOT) + " " + path);
                          }
                        }));
    return keys;
  }

  @Test
  void routeKeys_shouldIncludeClassify() {
    assertThat(routeKeys).contains("POST /classify");
  }
}
