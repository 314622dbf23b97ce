package dev.menagerie.common.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The reader of {@code _meta/images.jsonl}: one JSON object a line, {@code {"key":
 * "<label>/<path>", "smallSubject": true, "group": "g7", "benchmark": "set"}}, every field but
 * {@code key} optional. Blank lines are allowed; a later line for the same key wins.
 */
public final class ImageManifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageManifest() {}

  /**
   * The flags by key. A line that is not a JSON object is {@code INVALID_JSON}; one without a
   * {@code key} string, or with a field of the wrong type, is {@code INVALID_PARAMETER}; {@code
   * source} names the file in the message.
   */
  public static Map<String, ImageFlags> parse(String content, String source) {
    Map<String, ImageFlags> flags = new HashMap<>();
    int lineNumber = 0;
    for (String line : content.split("\n", -1)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        throw new MenagerieException(
            ErrorCode.INVALID_JSON, source + " line " + lineNumber + " is not JSON", e);
      }
      String where = source + " line " + lineNumber;
      if (node == null || !node.isObject()) {
        throw new MenagerieException(ErrorCode.INVALID_JSON, where + " is not a JSON object");
      }
      if (!node.path("key").isTextual()) {
        throw new MenagerieException(ErrorCode.INVALID_PARAMETER, where + " has no \"key\" string");
      }
      flags.put(
          node.get("key").asText(),
          new ImageFlags(
              bool(node, "smallSubject", where),
              text(node, "group", where),
              text(node, "benchmark", where)));
    }
    return flags;
  }

  private static boolean bool(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          where + ": \"" + field + "\" must be true or false, was " + value);
    }
    return value.booleanValue();
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          where + ": \"" + field + "\" must be a string, was " + value);
    }
    return value.asText();
  }
}
