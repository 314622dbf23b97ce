package dev.menagerie.common.store;

import dev.menagerie.common.inference.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One classify request as logged: who asked, what was served, how long it took and how it ended.
 * Failed requests are logged too, with their error code and no predictions.
 */
public record Transaction(
    String requestId,
    Instant createdAt,
    String caller,
    String source,
    Optional<String> modelVersion,
    List<Prediction> predictions,
    int status,
    Optional<String> errorCode,
    long latencyMs,
    Optional<String> imageSha256,
    long imageBytes) {

  public Transaction {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(modelVersion, "modelVersion");
    predictions = List.copyOf(predictions);
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(imageSha256, "imageSha256");
  }

  /** The best prediction, when the request succeeded. */
  public Optional<Prediction> top() {
    return predictions.isEmpty() ? Optional.empty() : Optional.of(predictions.get(0));
  }
}
