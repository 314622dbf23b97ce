package dev.menagerie.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the S3 event notification an SQS message carries. Keys arrive URL-encoded ('+' for a
 * space). The {@code s3:TestEvent} S3 sends when a notification is configured, and records that are
 * not ObjectCreated, yield nothing.
 */
public final class S3EventMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private S3EventMessages() {}

  /** The objects a message body names; throws IllegalArgumentException when it is not an event. */
  public static List<InboxObject> objects(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the message is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the message is not a JSON object");
    }
    if ("s3:TestEvent".equals(root.path("Event").asText())) {
      return List.of();
    }
    JsonNode records = root.path("Records");
    if (!records.isArray()) {
      throw new IllegalArgumentException("the message has no Records array");
    }
    List<InboxObject> objects = new ArrayList<>();
    for (JsonNode record : records) {
      if (!record.path("eventName").asText().startsWith("ObjectCreated:")) {
        continue;
      }
      JsonNode object = record.path("s3").path("object");
      String key = object.path("key").asText(null);
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("a record has no s3.object.key");
      }
      objects.add(
          new InboxObject(
              URLDecoder.decode(key, StandardCharsets.UTF_8),
              object.path("eTag").asText(""),
              object.path("size").asLong(-1)));
    }
    return objects;
  }
}
