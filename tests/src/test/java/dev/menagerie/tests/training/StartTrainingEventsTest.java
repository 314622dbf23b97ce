package dev.menagerie.tests.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.pipeline.RunRequest;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample training-run inputs in events/ are what the state machine's start step accepts. */
class StartTrainingEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<Path> inputs() throws IOException {
    try (Stream<Path> files = Files.list(LocalCloudExtension.repositoryRoot().resolve("events"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("start-training"))
          .sorted()
          .toList();
    }
  }

  @Test
  void thereAreNormalFirstAndThrowAwayInputs() throws IOException {
    assertThat(inputs())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "start-training-first.json", "start-training-throwaway.json", "start-training.json");
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void input_shouldParseAsARunRequest(Path file) throws IOException {
    JsonNode input = JSON.readTree(file.toFile());
    RunRequest request = RunRequest.parse(input);
    assertThat(request.name()).isEqualTo(input.path("name").asText());
    assertThat(request.throwAway()).isEqualTo(input.path("throwAway").asBoolean(false));
    assertThat(request.cutoff()).isEqualTo(input.path("cutoff").asInt());
  }
}
