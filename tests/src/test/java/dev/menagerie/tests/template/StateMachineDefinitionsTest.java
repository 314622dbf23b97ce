package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bulk-identify machine's shape: a Retry on every Task and its Map a Distributed Map over S3
 * with batching and bounded concurrency ({@link AllStateMachinesTest} checks every ASL file with
 * asl-validator and its placeholders).
 */
class StateMachineDefinitionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

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
