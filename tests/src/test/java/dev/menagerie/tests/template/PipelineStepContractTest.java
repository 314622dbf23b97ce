package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.pipeline.steps.PipelineSteps;
import dev.menagerie.pipeline.steps.RunState;
import dev.menagerie.pipeline.steps.StartedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * statemachines/training.asl.json against the pipeline steps' records: every {@code $.Payload...}
 * path a ResultSelector keeps is a field of the step's output record, and every field the steps
 * read from the state ({@link RunState}: {@code $.run}, {@code $.dataset}, {@code $.training}) is a
 * ResultPath, and within {@code $.run} and {@code $.dataset} a field its ResultSelector keeps. The
 * field names are Jackson's, as the handler writes and binds them.
 */
class PipelineStepContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The table's types do not depend on the collaborators. */
  private static final Map<String, PipelineSteps.Route<?, ?>> STEPS =
      PipelineSteps.table(new PipelineSteps.Collaborators(null, null, null, null, null, 0));

  @Test
  void theTrainingMachine_shouldAgreeWithTheStepRecords() throws IOException {
    assertThat(problems(machine())).isEmpty();
  }

  @Test
  void aRenamedOutputField_shouldBeReported() throws IOException {
    // GIVEN the machine with PrepareDataset keeping a field the record does not have
    JsonNode machine = machine();
    ObjectNode selector = (ObjectNode) machine.at("/States/PrepareDataset/ResultSelector");
    selector.put("productionVersion.$", "$.Payload.productionModel");

    assertThat(problems(machine))
        .containsExactly(
            "PrepareDataset keeps $.Payload.productionModel: PreparedDataset has no"
                + " 'productionModel' (it has [labels, classCount, counts, belowCutoff,"
                + " justBelowCutoff, sizes, benchmarks, origins, baseVersion, epochBudget,"
                + " productionVersion, notes, shards, training])");
  }

  @Test
  void aFieldTheStepsReadButTheMachineDropped_shouldBeReported() throws IOException {
    // GIVEN the machine with PrepareDataset no longer keeping baseVersion, which register reads
    JsonNode machine = machine();
    ((ObjectNode) machine.at("/States/PrepareDataset/ResultSelector")).remove("baseVersion.$");

    assertThat(problems(machine))
        .containsExactly(
            "the steps read $.dataset.baseVersion, which PrepareDataset's ResultSelector does not"
                + " keep");
  }

  private static List<String> problems(JsonNode machine) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> states = new java.util.LinkedHashMap<>();
    collectStates(machine.path("States"), states);
    Map<String, String> resultPathOwner = new java.util.LinkedHashMap<>();
    states.forEach(
        (name, state) -> {
          String action = state.at("/Parameters/Payload/action").asText("");
          if (!action.isEmpty()) {
            PipelineSteps.Route<?, ?> route = STEPS.get(action);
            if (route == null) {
              problems.add(name + " invokes action '" + action + "', which no step takes");
              return;
            }
            checkSelector(name, state.path("ResultSelector"), route.output(), problems);
          }
          if (state.path("ResultPath").isTextual()) {
            resultPathOwner.put(state.path("ResultPath").asText(), name);
          }
        });
    // the state the steps read: each part is some state's ResultPath ...
    for (BeanPropertyDefinition part : properties(JSON.constructType(RunState.class))) {
      if (!resultPathOwner.containsKey("$." + part.getName())) {
        problems.add("the steps read $." + part.getName() + ", which no state's ResultPath sets");
      }
    }
    // ... and within run and dataset, each field is kept by the ResultSelector that fills it
    checkKept("run", StartedRun.class, states, resultPathOwner, problems);
    checkKept("dataset", RunState.Dataset.class, states, resultPathOwner, problems);
    return problems;
  }

  private static void checkSelector(
      String state, JsonNode selector, Class<?> output, List<String> problems) {
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
      String path = it.next().getValue().asText("");
      if (!path.startsWith("$.Payload")) {
        continue;
      }
      JavaType type = JSON.constructType(output);
      for (String field : path.substring("$.Payload".length()).split("\\.")) {
        if (field.isEmpty()) {
          continue;
        }
        Optional<BeanPropertyDefinition> found =
            properties(type).stream().filter(p -> p.getName().equals(field)).findFirst();
        if (found.isEmpty()) {
          problems.add(
              state
                  + " keeps "
                  + path
                  + ": "
                  + type.getRawClass().getSimpleName()
                  + " has no '"
                  + field
                  + "' (it has "
                  + properties(type).stream().map(BeanPropertyDefinition::getName).toList()
                  + ")");
          break;
        }
        type = elementType(found.get().getPrimaryType());
      }
    }
  }

  private static void checkKept(
      String part,
      Class<?> record,
      Map<String, JsonNode> states,
      Map<String, String> resultPathOwner,
      List<String> problems) {
    String owner = resultPathOwner.get("$." + part);
    if (owner == null) {
      return; // reported above
    }
    JsonNode selector = states.get(owner).path("ResultSelector");
    for (BeanPropertyDefinition field : properties(JSON.constructType(record))) {
      if (!selector.has(field.getName() + ".$")) {
        problems.add(
            "the steps read $."
                + part
                + "."
                + field.getName()
                + ", which "
                + owner
                + "'s ResultSelector does not keep");
      }
    }
  }

  /** The JSON properties of {@code type}, with {@code @JsonUnwrapped} ones flattened. */
  private static List<BeanPropertyDefinition> properties(JavaType type) {
    List<BeanPropertyDefinition> out = new ArrayList<>();
    if (type.isContainerType() || JsonNode.class.isAssignableFrom(type.getRawClass())) {
      return out;
    }
    for (BeanPropertyDefinition p :
        JSON.getSerializationConfig().introspect(type).findProperties()) {
      if (p.getPrimaryMember() != null && p.getPrimaryMember().hasAnnotation(JsonUnwrapped.class)) {
        out.addAll(properties(p.getPrimaryType()));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static JavaType elementType(JavaType type) {
    return type.isCollectionLikeType() ? type.getContentType() : type;
  }

  private static void collectStates(JsonNode states, Map<String, JsonNode> into) {
    states
        .fields()
        .forEachRemaining(
            e -> {
              into.put(e.getKey(), e.getValue());
              collectStates(e.getValue().path("ItemProcessor").path("States"), into);
            });
  }

  private static JsonNode machine() throws IOException {
    return JSON.readTree(
        Files.readString(RepositoryRoot.path().resolve("statemachines/training.asl.json")));
  }
}
