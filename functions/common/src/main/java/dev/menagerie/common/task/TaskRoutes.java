package dev.menagerie.common.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.io.IOException;
import java.util.Map;

/**
 * The edge of a task handler: the Payload's {@code action} picks a route from the table, the
 * route's part of the Payload is bound to the step's input record (fields the record does not have
 * are ignored; a missing or null part binds as {@code {}}), and the step's output record is what
 * the handler writes back with {@link #JSON}. An unknown action, or a Payload that does not fit the
 * record, is {@link ErrorCode#INVALID_PARAMETER}.
 */
public final class TaskRoutes {
  /** Binds Payloads and writes outputs. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TaskRoutes() {}

  /** The Payload's {@code action}; empty when there is none. */
  public static String action(JsonNode request) {
    return request == null ? "" : request.path("action").asText("");
  }

  /** Runs the step {@code request}'s action names and returns its output record. */
  public static Object run(Map<String, TaskRoute<?, ?>> table, JsonNode request)
      throws IOException {
    String action = action(request);
    TaskRoute<?, ?> route = table.get(action);
    if (route == null) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          "action must be one of " + String.join(", ", table.keySet()) + "; was '" + action + "'");
    }
    return invoke(route, action, request);
  }

  private static <I, O> O invoke(TaskRoute<I, O> route, String action, JsonNode request)
      throws IOException {
    JsonNode part = route.part().isEmpty() ? request : request.path(route.part());
    I input;
    try {
      input =
          part == null || part.isMissingNode() || part.isNull()
              ? JSON.readValue("{}", route.input())
              : JSON.treeToValue(part, route.input());
    } catch (JsonProcessingException e) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          "the " + action + " step's input does not fit: " + e.getOriginalMessage(),
          e);
    }
    return route.step().run(input);
  }
}
