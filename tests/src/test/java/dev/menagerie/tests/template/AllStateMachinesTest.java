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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ASL file in statemachines/ and every state machine in template.yaml: each file is deployed
 * by one state machine, passes asl-validator, has every ${placeholder} substituted and every
 * substitution used, invokes only functions the template declares, and retries every Task. The
 * training machine also catches every failure into its failure-recording step.
 */
class AllStateMachinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  static List<String> stateMachines() throws IOException {
    return new ArrayList<>(template().resourcesOfType("AWS::Serverless::StateMachine").keySet());
  }

  @Test
  void everyAslFile_shouldBeDeployedByOneStateMachine() throws IOException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> listing = Files.list(RepositoryRoot.path().resolve("statemachines"))) {
      listing
          .filter(p -> p.toString().endsWith(".asl.json"))
          .forEach(p -> files.add("statemachines/" + p.getFileName()));
    }
    List<String> used = new ArrayList<>();
    for (String id : stateMachines()) {
      used.add(String.valueOf(template().properties(id).get("DefinitionUri")));
    }
    assertThat(used).containsExactlyInAnyOrderElementsOf(files);
    assertThat(files).contains("statemachines/training.asl.json");
  }

  @ParameterizedTest
  @MethodSource("stateMachines")
  void definition_shouldPassAslValidator(String id) throws Exception {
    String filled =
        PLACEHOLDER
            .matcher(text(id))
            .replaceAll(
                m ->
                    m.group(1).endsWith("Arn")
                        ? "arn:aws:lambda:us-east-1:123456789012:function:" + m.group(1)
                        : "example-" + m.group(1).toLowerCase());
    Path file = Files.createTempFile(id, ".asl.json");
    try {
      Files.writeString(file, filled);
      Path validator = RepositoryRoot.path().resolve("local/node_modules/.bin/asl-validator");
      Process process =
          new ProcessBuilder(validator.toString(), "--json-path", file.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @ParameterizedTest
  @MethodSource("stateMachines")
  void placeholders_shouldMatchTheSubstitutionsBothWays(String id) throws IOException {
    Map<String, Object> substitutions =
        CloudFormationYaml.asMap(template().properties(id).get("DefinitionSubstitutions"));
    Set<String> used = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text(id));
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(substitutions.keySet()).containsExactlyInAnyOrderElementsOf(used);
  }

  @ParameterizedTest
  @MethodSource("stateMachines")
  void invokedFunctions_shouldExistInTheTemplate(String id) throws IOException {
    Map<String, Object> substitutions =
        CloudFormationYaml.asMap(template().properties(id).get("DefinitionSubstitutions"));
    Set<String> functions = template().resourcesOfType("AWS::Serverless::Function").keySet();
    JsonNode definition = JSON.readTree(text(id));
    List<String> invoked = new ArrayList<>();
    forEachTask(
        definition,
        (name, task) -> {
          if (task.path("Resource").asText().equals("arn:aws:states:::lambda:invoke")) {
            invoked.add(task.path("Parameters").path("FunctionName").asText());
          }
        });
    assertThat(invoked).isNotEmpty();
    for (String function : invoked) {
      Matcher m = PLACEHOLDER.matcher(function);
      assertThat(m.matches()).as("FunctionName %s is a placeholder", function).isTrue();
      Object value = substitutions.get(m.group(1));
      // !GetAtt X.Arn of a function of this template
      Map<String, Object> intrinsic = CloudFormationYaml.asMap(value);
      Object getAtt = intrinsic.get("Fn::GetAtt");
      String target =
          getAtt instanceof List<?> parts
              ? parts.get(0) + "." + parts.get(1)
              : String.valueOf(getAtt);
      assertThat(target).endsWith(".Arn");
      assertThat(functions).contains(target.substring(0, target.indexOf('.')));
    }
  }

  @ParameterizedTest
  @MethodSource("stateMachines")
  void everyTask_shouldRetry(String id) throws IOException {
    List<String> withoutRetry = new ArrayList<>();
    forEachTask(
        JSON.readTree(text(id)),
        (name, task) -> {
          if (task.path("Retry").isEmpty()) {
            withoutRetry.add(name);
          }
        });
    assertThat(withoutRetry).isEmpty();
  }

  /**
   * The ASL default for a Task's TimeoutSeconds is 60 s, and aws-local-stepfunctions applies it
   * (AWS uses 99999999): a local training job longer than a minute timed out, was retried and ran
   * four times at once. Every Task says its own timeout, and a timed-out training job is not
   * started again.
   */
  @ParameterizedTest
  @MethodSource("stateMachines")
  void everyTask_shouldSetItsTimeout(String id) throws IOException {
    List<String> withoutTimeout = new ArrayList<>();
    List<String> retryingTimeouts = new ArrayList<>();
    forEachTask(
        JSON.readTree(text(id)),
        (name, task) -> {
          if (task.path("TimeoutSeconds").asInt(0) < 900) {
            withoutTimeout.add(name);
          }
          if (task.path("Resource").asText().contains("createTrainingJob")
              && task.path("Retry").toString().contains("States.Timeout")) {
            retryingTimeouts.add(name);
          }
        });
    assertThat(withoutTimeout).isEmpty();
    assertThat(retryingTimeouts).isEmpty();
  }

  @Test
  void training_shouldCatchEveryFailureIntoRecordFailureAndFailVisibly() throws IOException {
    JsonNode definition = JSON.readTree(text("TrainingStateMachine"));
    List<String> uncaught = new ArrayList<>();
    definition
        .path("States")
        .fields()
        .forEachRemaining(
            e -> {
              String type = e.getValue().path("Type").asText();
              if ((type.equals("Task") || type.equals("Map"))
                  && !e.getKey().equals("RecordFailure")) {
                JsonNode catches = e.getValue().path("Catch");
                boolean toFailure =
                    catches.size() > 0
                        && catches.get(0).path("ErrorEquals").toString().contains("States.ALL")
                        && catches.get(0).path("Next").asText().equals("RecordFailure");
                if (!toFailure) {
                  uncaught.add(e.getKey());
                }
              }
            });
    assertThat(uncaught).isEmpty();
    JsonNode states = definition.path("States");
    assertThat(states.path("RecordFailure").path("Next").asText()).isEqualTo("Failed");
    assertThat(states.path("Failed").path("Type").asText()).isEqualTo("Fail");
    JsonNode train = states.path("Train");
    assertThat(train.path("Resource").asText())
        .isEqualTo("arn:aws:states:::sagemaker:createTrainingJob.sync");
    assertThat(train.path("Retry").toString()).contains("ThrottlingException");
    assertThat(train.path("Parameters").path("AlgorithmSpecification").path("MetricDefinitions"))
        .isNotEmpty();
    assertThat(train.path("Parameters").has("EnableManagedSpotTraining.$")).isTrue();
    assertThat(train.path("Parameters").path("CheckpointConfig").has("S3Uri.$")).isTrue();
    assertThat(states.path("Outcome").path("Type").asText()).isEqualTo("Choice");
  }

  private interface TaskVisitor {
    void visit(String name, JsonNode task);
  }

  private static void forEachTask(JsonNode machine, TaskVisitor visitor) {
    machine
        .path("States")
        .fields()
        .forEachRemaining(
            e -> {
              if ("Task".equals(e.getValue().path("Type").asText())) {
                visitor.visit(e.getKey(), e.getValue());
              }
              if (e.getValue().has("ItemProcessor")) {
                forEachTask(e.getValue().get("ItemProcessor"), visitor);
              }
              if (e.getValue().has("Iterator")) {
                forEachTask(e.getValue().get("Iterator"), visitor);
              }
            });
  }

  private static String text(String id) throws IOException {
    return Files.readString(
        RepositoryRoot.path()
            .resolve(String.valueOf(template().properties(id).get("DefinitionUri"))));
  }

  private static CloudFormationYaml template() throws IOException {
    return CloudFormationYaml.load(RepositoryRoot.template());
  }
}
