package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.error.StoreUnavailableException;
import dev.menagerie.common.error.TaskErrors;
import dev.menagerie.local.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The error names of statemachines/ against what can raise them. On AWS a lambda:invoke Task fails
 * with the error the Java runtime reports, the thrown exception's class name; so every {@code
 * ErrorEquals} name of a Retry or Catch must be a {@code States.*} name, a name the Task's service
 * integration raises, or the class name of an exception the invoked function declares it raises
 * ({@link TaskErrors} on its handler). A name nothing raises is a Retry that never fires.
 *
 * <p>And one rule for the Lambda tasks of every machine: the first Retry is {@link #LAMBDA_RETRY};
 * a further Retry may name only exceptions the function declares beyond it.
 */
class ErrorNamesContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

  /** The errors the lambda:invoke integration itself raises for a failed call to Lambda. */
  private static final List<String> LAMBDA_SERVICE_ERRORS =
      List.of(
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.TooManyRequestsException");

  /** Names raised by the other service integrations the machines use (not by our code). */
  private static final Map<String, Set<String>> INTEGRATION_ERRORS =
      Map.of(
          LAMBDA_INVOKE,
          Set.copyOf(LAMBDA_SERVICE_ERRORS),
          "arn:aws:states:::sagemaker:createTrainingJob.sync",
          Set.of(
              "SageMaker.AmazonSageMakerException",
              "SageMaker.ThrottlingException",
              "ThrottlingException"),
          "arn:aws:states:::states:startExecution.sync:2",
          Set.of("StepFunctions.ExecutionLimitExceeded", "StepFunctions.SdkClientException"));

  /** Every Lambda task's first Retry: the service's transient errors and a store unavailable. */
  static final ObjectNode LAMBDA_RETRY = lambdaRetry();

  @Test
  void everyErrorName_shouldBeRaisableByWhatTheTaskInvokes() throws IOException {
    Template template = Template.read(RepositoryRoot.template());
    List<String> violations = new ArrayList<>();
    int names = 0;
    for (String machine : template.resourcesOfType("AWS::Serverless::StateMachine")) {
      names += check(template, machine, definition(template, machine), violations);
    }
    assertThat(names).as("error names checked").isGreaterThan(20);
    assertThat(violations).isEmpty();
  }

  @Test
  void everyLambdaTask_shouldFollowTheOneRetryRule() throws IOException {
    Template template = Template.read(RepositoryRoot.template());
    List<String> violations = new ArrayList<>();
    Set<String> firstRetryNames = new LinkedHashSet<>();
    LAMBDA_RETRY.path("ErrorEquals").forEach(n -> firstRetryNames.add(n.asText()));
    int tasks = 0;
    for (String machine : template.resourcesOfType("AWS::Serverless::StateMachine")) {
      JsonNode definition = definition(template, machine);
      for (Map.Entry<String, JsonNode> task : tasks(definition)) {
        if (!LAMBDA_INVOKE.equals(task.getValue().path("Resource").asText())) {
          continue;
        }
        tasks++;
        JsonNode retry = task.getValue().path("Retry");
        if (!LAMBDA_RETRY.equals(retry.path(0))) {
          violations.add(machine + "." + task.getKey() + ": first Retry is " + retry.path(0));
        }
        Set<String> declared = declaredErrors(template, machine, task.getValue());
        for (int i = 1; i < retry.size(); i++) {
          for (JsonNode name : retry.get(i).path("ErrorEquals")) {
            if (!declared.contains(name.asText()) || firstRetryNames.contains(name.asText())) {
              violations.add(machine + "." + task.getKey() + ": further Retry names " + name);
            }
          }
        }
      }
    }
    assertThat(tasks).as("Lambda tasks checked").isGreaterThanOrEqualTo(14);
    assertThat(violations).isEmpty();
  }

  @Test
  void anUnlistedName_shouldBeReported() throws IOException {
    // GIVEN the training machine with one Retry naming the code instead of the exception class
    Template template = Template.read(RepositoryRoot.template());
    ObjectNode definition = (ObjectNode) definition(template, "TrainingStateMachine");
    ((ArrayNode) definition.at("/States/Decide/Retry/0/ErrorEquals")).add("STORE_UNAVAILABLE");

    // WHEN it is checked
    List<String> violations = new ArrayList<>();
    check(template, "TrainingStateMachine", definition, violations);

    // THEN that name, and only it, is reported
    assertThat(violations).hasSize(1);
    assertThat(violations.get(0)).contains("Decide").contains("STORE_UNAVAILABLE");
  }

  /** Adds what is wrong to {@code violations}; the number of names checked. */
  private static int check(
      Template template, String machine, JsonNode definition, List<String> violations) {
    int names = 0;
    for (Map.Entry<String, JsonNode> task : tasks(definition)) {
      String resource = task.getValue().path("Resource").asText();
      Set<String> allowed =
          new LinkedHashSet<>(INTEGRATION_ERRORS.getOrDefault(resource, Set.of()));
      if (LAMBDA_INVOKE.equals(resource)) {
        allowed.addAll(declaredErrors(template, machine, task.getValue()));
      }
      for (String field : List.of("Retry", "Catch")) {
        for (JsonNode rule : task.getValue().path(field)) {
          for (JsonNode name : rule.path("ErrorEquals")) {
            names++;
            String text = name.asText();
            if (!text.startsWith("States.") && !allowed.contains(text)) {
              violations.add(
                  machine
                      + "."
                      + task.getKey()
                      + " "
                      + field
                      + " names "
                      + text
                      + ", which nothing it invokes raises; raisable: "
                      + allowed);
            }
          }
        }
      }
    }
    return names;
  }

  /** The class names of the exceptions the task's function declares with {@link TaskErrors}. */
  private static Set<String> declaredErrors(Template template, String machine, JsonNode task) {
    String placeholder = task.path("Parameters").path("FunctionName").asText();
    String substitution = placeholder.replaceAll("^\\$\\{(.*)}$", "$1");
    Object value =
        ((Map<?, ?>) template.properties(machine).get("DefinitionSubstitutions")).get(substitution);
    assertThat(value).as(machine + " substitutes " + placeholder).isInstanceOf(Map.class);
    List<?> getAtt = (List<?>) ((Map<?, ?>) value).get("Fn::GetAtt");
    String function = String.valueOf(getAtt.get(0));
    Class<?> handler;
    try {
      handler = Class.forName(template.handlerClass(function));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(function + "'s handler is not on the test classpath", e);
    }
    TaskErrors declared = handler.getAnnotation(TaskErrors.class);
    Set<String> names = new LinkedHashSet<>();
    if (declared != null) {
      Arrays.stream(declared.value()).map(Class::getName).forEach(names::add);
    }
    return names;
  }

  /** Every Task of a machine, also inside Map and Parallel states, by name. */
  private static List<Map.Entry<String, JsonNode>> tasks(JsonNode machine) {
    List<Map.Entry<String, JsonNode>> tasks = new ArrayList<>();
    machine
        .path("States")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode state = e.getValue();
              if ("Task".equals(state.path("Type").asText())) {
                tasks.add(e);
              }
              for (String nested : List.of("ItemProcessor", "Iterator")) {
                if (state.has(nested)) {
                  tasks.addAll(tasks(state.get(nested)));
                }
              }
              state.path("Branches").forEach(b -> tasks.addAll(tasks(b)));
            });
    return tasks;
  }

  private static JsonNode definition(Template template, String machine) throws IOException {
    String uri = String.valueOf(template.properties(machine).get("DefinitionUri"));
    return JSON.readTree(Files.readString(RepositoryRoot.path().resolve(uri)));
  }

  private static ObjectNode lambdaRetry() {
    ObjectNode retry = JSON.createObjectNode();
    ArrayNode names = retry.putArray("ErrorEquals");
    LAMBDA_SERVICE_ERRORS.forEach(names::add);
    names.add(StoreUnavailableException.class.getName());
    retry.put("IntervalSeconds", 2);
    retry.put("MaxAttempts", 3);
    retry.put("BackoffRate", 2);
    return retry;
  }
}
