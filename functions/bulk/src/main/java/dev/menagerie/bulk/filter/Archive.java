package dev.menagerie.bulk.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.store.Identification;
import dev.menagerie.common.store.IdentificationStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Mass removal without deletion: moves inbox objects to {@code archive/} (same path below the
 * prefix) and back. A removal first writes its batch file {@code archive/_batches/<id>.jsonl} (key,
 * model version, ETag per object) so that a restore puts back exactly what it moved. A move is a
 * server-side copy then a delete of the source; the bucket's versioning keeps the old version too.
 * Archived results leave the filters' indexes and return on restore.
 */
public final class Archive {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
  static final String BATCHES = "archive/_batches/";

  private final S3Client s3;
  private final String bucket;
  private final IdentificationStore store;
  private final Clock clock;

  public Archive(S3Client s3, String bucket, IdentificationStore store, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.store = store;
    this.clock = clock;
  }

  /** What a removal did, or would do (dry run). */
  public record Removal(boolean dryRun, Optional<String> batchId, int count, List<String> sample) {}

  /** What a restore put back. */
  public record Restore(String batchId, int restored, int alreadyBack) {}

  public Removal remove(List<Identification> matches, boolean dryRun) {
    List<String> sample = matches.stream().limit(20).map(Identification::objectKey).toList();
    if (dryRun || matches.isEmpty()) {
      return new Removal(dryRun, Optional.empty(), matches.size(), sample);
    }
    Instant now = clock.instant();
    String batchId = ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
    StringBuilder lines = new StringBuilder();
    for (Identification id : matches) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("key", id.objectKey());
      line.put("collection", id.collection());
      line.put("modelVersion", id.modelVersion());
      line.put("etag", id.etag());
      try {
        lines.append(JSON.writeValueAsString(line)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a batch line is always JSON", e);
      }
    }
    s3.putObject(
        b -> b.bucket(bucket).key(BATCHES + batchId + ".jsonl").contentType("application/x-ndjson"),
        RequestBody.fromString(lines.toString(), StandardCharsets.UTF_8));
    for (Identification id : matches) {
      move(id.objectKey(), archived(id.objectKey()));
      store.setArchived(id.collection(), id.modelVersion(), id.objectKey(), Optional.of(now));
    }
    return new Removal(false, Optional.of(batchId), matches.size(), sample);
  }

  public Restore restore(String batchId) {
    if (!batchId.matches("[A-Za-z0-9T:_-]{1,80}")) {
      throw Params.invalid("batchId=" + batchId + " is not a batch id");
    }
    String text;
    try {
      text =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(BATCHES + batchId + ".jsonl"))
              .asUtf8String();
    } catch (NoSuchKeyException e) {
      throw new MenagerieException(ErrorCode.NOT_FOUND, "no archive batch " + batchId, e);
    }
    int restored = 0;
    int alreadyBack = 0;
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        try {
          @SuppressWarnings("unchecked")
          Map<String, Object> parsed = JSON.readValue(line, Map.class);
          lines.add(parsed);
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("archive batch " + batchId + " is corrupt", e);
        }
      }
    }
    for (Map<String, Object> line : lines) {
      String key = String.valueOf(line.get("key"));
      // back in the indexes first: the ObjectCreated the copy causes then finds its result
      store.setArchived(
          String.valueOf(line.get("collection")),
          String.valueOf(line.get("modelVersion")),
          key,
          Optional.empty());
      if (exists(archived(key))) {
        move(archived(key), key);
        restored++;
      } else {
        alreadyBack++;
      }
    }
    return new Restore(batchId, restored, alreadyBack);
  }

  static String archived(String inboxKey) {
    if (!inboxKey.startsWith("inbox/")) {
      throw new IllegalArgumentException("not an inbox key: " + inboxKey);
    }
    return "archive/" + inboxKey.substring("inbox/".length());
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private void move(String from, String to) {
    s3.copyObject(
        b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
    s3.deleteObject(b -> b.bucket(bucket).key(from));
  }
}
