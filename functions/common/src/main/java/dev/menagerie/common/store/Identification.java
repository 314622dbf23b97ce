package dev.menagerie.common.store;

import dev.menagerie.common.inference.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of identifying one inbox object with one model version. One exists per (collection,
 * object key, model version): a redelivered event or a re-identification of unchanged bytes finds
 * it already there; new bytes under the same key (another ETag) replace it.
 *
 * @param collection the first path segment under {@code inbox/}
 * @param objectKey the full S3 key ({@code inbox/<collection>/...})
 * @param status IDENTIFIED with {@code topK}, ERROR with an error code (not an image, corrupt),
 *     MISSING when the object was deleted before it could be read
 * @param runId the re-identification run that wrote it; empty for the inbox's own events
 * @param archivedAt set while the object sits under {@code archive/} (mass removal)
 */
public record Identification(
    String collection,
    String objectKey,
    String etag,
    String modelVersion,
    Status status,
    List<Prediction> topK,
    Optional<String> errorCode,
    Optional<String> errorMessage,
    Instant identifiedAt,
    Optional<String> runId,
    Optional<Instant> archivedAt) {

  /** What became of the object. */
  public enum Status {
    IDENTIFIED,
    ERROR,
    MISSING
  }

  public Identification {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(objectKey, "objectKey");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(status, "status");
    topK = topK == null ? List.of() : List.copyOf(topK);
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(identifiedAt, "identifiedAt");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(archivedAt, "archivedAt");
    if (status == Status.IDENTIFIED && topK.isEmpty()) {
      throw new IllegalArgumentException("an IDENTIFIED result needs predictions: " + objectKey);
    }
  }

  /** The top-1 prediction, when identified. */
  public Optional<Prediction> top() {
    return topK.isEmpty() ? Optional.empty() : Optional.of(topK.get(0));
  }

  /** The collection of an inbox key ({@code inbox/<collection>/...}), if it has one. */
  public static Optional<String> collectionOf(String key) {
    if (!key.startsWith("inbox/")) {
      return Optional.empty();
    }
    int slash = key.indexOf('/', "inbox/".length());
    return slash <= "inbox/".length()
        ? Optional.empty()
        : Optional.of(key.substring("inbox/".length(), slash));
  }
}
