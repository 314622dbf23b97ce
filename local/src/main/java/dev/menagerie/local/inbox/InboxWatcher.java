package dev.menagerie.local.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Stands in for S3 event notifications, which S3Mock does not send: lists {@code inbox/} on each
 * {@link #poll()} and sends an S3 ObjectCreated event (as S3 would put on the queue: one record per
 * message, key URL-encoded, ETag unquoted) for every key that is new or whose ETag changed since
 * the last poll. The first poll announces everything already there; identification is idempotent,
 * so a restarted session re-announcing its inbox adds nothing.
 */
public final class InboxWatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final LocalQueue queue;
  private final Map<String, String> seen = new HashMap<>();

  public InboxWatcher(S3Client s3, String bucket, String prefix, LocalQueue queue) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.queue = queue;
  }

  /** Lists the prefix and announces what is new; returns how many events were sent. */
  public synchronized int poll() {
    Set<String> present = new HashSet<>();
    int sent = 0;
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      if (object.key().endsWith("/")) {
        continue;
      }
      present.add(object.key());
      String etag = unquote(object.eTag());
      if (!etag.equals(seen.get(object.key()))) {
        seen.put(object.key(), etag);
        queue.send(event(bucket, object.key(), etag, object.size()));
        sent++;
      }
    }
    seen.keySet().retainAll(present);
    return sent;
  }

  /** The S3 notification (event version 2.1) for one created object, as SQS would carry it. */
  public static String event(String bucket, String key, String etag, long size) {
    Map<String, Object> object =
        Map.of(
            "key",
            URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"),
            "size",
            size,
            "eTag",
            etag,
            "sequencer",
            Long.toHexString(System.nanoTime()).toUpperCase());
    Map<String, Object> record =
        Map.of(
            "eventVersion", "2.1",
            "eventSource", "aws:s3",
            "awsRegion", "us-east-1",
            "eventTime", Instant.now().toString(),
            "eventName", "ObjectCreated:Put",
            "s3",
                Map.of(
                    "s3SchemaVersion",
                    "1.0",
                    "configurationId",
                    "inbox",
                    "bucket",
                    Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket),
                    "object",
                    object));
    try {
      return JSON.writeValueAsString(Map.of("Records", List.of(record)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an S3 event is always JSON", e);
    }
  }

  private static String unquote(String etag) {
    return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : String.valueOf(etag);
  }
}
