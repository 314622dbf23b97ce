package dev.menagerie.tests.template;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.menagerie.common.task.TaskRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One state machine's ASL against a task handler's table of steps ({@link TaskRoute}s), by the
 * field names Jackson writes and binds: every Task that invokes an action gives the step the
 * Payload its input record binds (the route's part, or for a whole-Payload route exactly the
 * record's fields), and every {@code $.Payload...} path its ResultSelector keeps is a field of the
 * step's output record. What the steps read back from the state is checked by {@link #holds} and
 * {@link #readsFrom}. Problems are collected as sentences, so a test can show a planted mistake.
 */
final class StepContract {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, JsonNode> states = new LinkedHashMap<>();
  private final Map<String, String> resultPathOwner = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  StepContract(JsonNode machine, Map<String, TaskRoute<?, ?>> routes) {
    collectStates(machine.path("States"), states);
    states.forEach(
        (name, state) -> {
          JsonNode payload = state.at("/Parameters/Payload");
          String action = payload.path("action").asText("");
          if (!action.isEmpty()) {
            TaskRoute<?, ?> route = routes.get(action);
            if (route == null) {
              problems.add(name + " invokes action '" + action + "', which no step takes");
              return;
            }
            checkPayload(name, payload, route);
            checkSelector(name, state.path("ResultSelector"), route.output());
          }
          if (state.path("ResultPath").isTextual()) {
            resultPathOwner.put(state.path("ResultPath").asText(), name);
          }
        });
  }

  /** The machine in {@code statemachines/<file>}. */
  static JsonNode machine(String file) throws IOException {
    return JSON.readTree(Files.readString(RepositoryRoot.path().resolve("statemachines/" + file)));
  }

  List<String> problems() {
    return problems;
  }

  /** The state named {@code name}, at any depth (Map item processors included). */
  JsonNode state(String name) {
    return states.getOrDefault(name, JSON.missingNode());
  }

  /** True when some state's ResultPath is {@code $.part}; a problem when none is. */
  boolean isSet(String part) {
    if (resultPathOwner.containsKey("$." + part)) {
      return true;
    }
    problems.add("the steps read $." + part + ", which no state's ResultPath sets");
    return false;
  }

  /**
   * The steps read {@code $.part} as {@code record}: some state's ResultPath is {@code $.part} and
   * its ResultSelector keeps every field of the record.
   */
  void holds(String part, Class<?> record) {
    if (isSet(part)) {
      keeps(resultPathOwner.get("$." + part), "$." + part, record);
    }
  }

  /** The steps read {@code record} (found at {@code read}) from what {@code state} keeps. */
  void keeps(String state, String read, Class<?> record) {
    JsonNode selector = state(state).path("ResultSelector");
    for (String field : names(record)) {
      if (!selector.has(field + ".$")) {
        problems.add(
            "the steps read "
                + read
                + "."
                + field
                + ", which "
                + state
                + "'s ResultSelector does not keep");
      }
    }
  }

  /**
   * Every {@code $.part.<field>} path among {@code node}'s values (at {@code where}) names a field
   * of {@code record}, which the state holds at {@code $.part}.
   */
  void readsFrom(String where, JsonNode node, String part, Class<?> record) {
    List<String> fields = names(record);
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      String path = it.next().asText("");
      String prefix = "$." + part + ".";
      if (path.startsWith(prefix)) {
        String field = path.substring(prefix.length()).split("\\.")[0];
        if (!fields.contains(field)) {
          problems.add(
              where
                  + " reads "
                  + path
                  + ": "
                  + record.getSimpleName()
                  + " has no '"
                  + field
                  + "' (it has "
                  + fields
                  + ")");
        }
      }
    }
  }

  /** {@code node}'s keys (a Payload, a BatchInput) are exactly {@code record}'s fields. */
  void supplies(String where, JsonNode node, Class<?> record, Set<String> besides) {
    Set<String> given = new LinkedHashSet<>();
    node.fieldNames()
        .forEachRemaining(k -> given.add(k.endsWith(".$") ? k.substring(0, k.length() - 2) : k));
    given.removeAll(besides);
    List<String> fields = names(record);
    for (String field : fields) {
      if (!given.contains(field)) {
        problems.add(
            where + " does not give '" + field + "', which " + record.getSimpleName() + " binds");
      }
    }
    for (String key : given) {
      if (!fields.contains(key)) {
        problems.add(
            where
                + " gives '"
                + key
                + "': "
                + record.getSimpleName()
                + " has no such field (it has "
                + fields
                + ")");
      }
    }
  }

  private void checkPayload(String state, JsonNode payload, TaskRoute<?, ?> route) {
    if (route.part().isEmpty()) {
      supplies(state + "'s Payload", payload, route.input(), Set.of("action"));
    } else if (!payload.has(route.part()) && !payload.has(route.part() + ".$")) {
      problems.add(state + "'s Payload does not give '" + route.part() + "', which its step binds");
    }
  }

  private void checkSelector(String state, JsonNode selector, Class<?> output) {
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

  /** The JSON field names of {@code record}, as Jackson writes and binds them. */
  static List<String> names(Class<?> record) {
    return properties(JSON.constructType(record)).stream()
        .map(BeanPropertyDefinition::getName)
        .toList();
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
}
