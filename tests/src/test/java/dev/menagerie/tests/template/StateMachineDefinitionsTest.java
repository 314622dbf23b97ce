package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.local.template.CloudFormationYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ASL files in statemachines/: valid for asl-validator (placeholders filled with sample ARNs),
 * every placeholder fed by DefinitionSubstitutions, a Retry on every Task, and the bulk Map a
 * Distributed Map over S3 with batching and bounded concurrency.
 */
class StateMachineDefinitionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  @Test
  void bulkIdentify_shouldPassAslValidator() throws Exception {
    String filled =
        PLACEHOLDER
            .matcher(definitionText())
            .replaceAll(
                m ->
                    m.group(1).endsWith("Arn")
                        ? "arn:aws:lambda:us-east-1:123456789012:function:" + m.group(1)
                        : "example-" + m.group(1).toLowerCase());
    Path file = Files.createTempFile("bulk-identify", ".asl.json");
    Files.writeString(file, filled);
    Path validator = RepositoryRoot.path().resolve("local/node_modules/.bin/asl-validator");
    Process process =
        new ProcessBuilder(validator.toString(), "--json-path", file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @Test
  void bulkIdentify_shouldHaveEveryPlaceholderSubstituted() throws IOException {
    CloudFormationYaml template = CloudFormationYaml.load(RepositoryRoot.template());
    Map<String, Object> substitutions =
        CloudFormationYaml.asMap(
            template.properties("BulkIdentifyStateMachine").get("DefinitionSubstitutions"));
    Matcher m = PLACEHOLDER.matcher(definitionText());
    List<String> used = new ArrayList<>();
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(substitutions.keySet())
        .containsExactlyInAnyOrderElementsOf(used.stream().distinct().toList());
    assertThat(template.properties("BulkIdentifyStateMachine").get("DefinitionUri"))
        .isEqualTo("statemachines/bulk-identify.asl.json");
  }

  @Test
  void bulkIdentify_shouldRetryEveryTaskAndUseADistributedMapOverS3() throws IOException {
    JsonNode definition = JSON.readTree(definitionText());
    List<String> tasksWithoutRetry = new ArrayList<>();
    collectTasksWithoutRetry(definition, tasksWithoutRetry);
    assertThat(tasksWithoutRetry).isEmpty();

    JsonNode map = definition.path("States").path("IdentifyObjects");
    assertThat(map.path("Type").asText()).isEqualTo("Map");
    assertThat(map.path("ItemReader").path("Resource").asText())
        .isEqualTo("arn:aws:states:::s3:listObjectsV2");
    assertThat(map.path("ItemBatcher").path("MaxItemsPerBatch").asInt()).isPositive();
    assertThat(map.path("MaxConcurrency").asInt()).isBetween(1, 100);
    assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText())
        .isEqualTo("DISTRIBUTED");
    assertThat(map.path("Catch")).isNotEmpty();
  }

  private static void collectTasksWithoutRetry(JsonNode machine, List<String> into) {
    machine
        .path("States")
        .fields()
        .forEachRemaining(
            e -> {
              if ("Task".equals(e.getValue().path("Type").asText())
                  && e.getValue().path("Retry").isEmpty()) {
                into.add(e.getKey());
              }
              if (e.getValue().has("ItemProcessor")) {
                collectTasksWithoutRetry(e.getValue().get("ItemProcessor"), into);
              }
            });
  }

  private static String definitionText() throws IOException {
    return Files.readString(RepositoryRoot.path().resolve("statemachines/bulk-identify.asl.json"));
  }
}
