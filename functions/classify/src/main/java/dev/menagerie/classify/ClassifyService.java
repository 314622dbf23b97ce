package dev.menagerie.classify;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.http.ApiErrors;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.RgbImage;
import dev.menagerie.common.inference.ModelProvider;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.InboxReader;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.common.store.TransactionStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classify flow, free of Lambda types: parse, fetch, decode, infer, and log the transaction
 * whatever happened. A failure the caller caused becomes a 4xx outcome with its code; ours a 5xx.
 */
public final class ClassifyService {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifyService.class);

  private final ClassifyRequestParser parser;
  private final ImageDecoder decoder;
  private final ModelProvider models;
  private final InboxReader inbox;
  private final TransactionStore transactions;
  private final Clock clock;

  /** The request id of {@link #prime}'s run: never a real request's (those are UUIDs). */
  static final String PRIMING_REQUEST_ID = "priming";

  public ClassifyService(
      ClassifyRequestParser parser,
      ImageDecoder decoder,
      ModelProvider models,
      InboxReader inbox,
      TransactionStore transactions,
      Clock clock) {
    this.parser = parser;
    this.decoder = decoder;
    this.models = models;
    this.inbox = inbox;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** An HTTP request as the handler received it. */
  public record HttpRequest(
      String body, boolean base64Encoded, String contentType, Map<String, String> query) {}

  /** What to answer: the classification, or why there is none. */
  public record Outcome(Optional<Classification> classification, Optional<Failure> failure) {
    public int status() {
      return failure.map(f -> f.code().httpStatus()).orElse(200);
    }

    public Optional<ErrorCode> errorCode() {
      return failure.map(Failure::code);
    }
  }

  /** A request that got no classification: its code (which sets the status) and message. */
  public record Failure(ErrorCode code, String message) {}

  /** A classification as {@code POST /classify} answers it (docs/classify-api.md). */
  public record Classification(
      String requestId, String modelVersion, List<Prediction> predictions, Timings timings) {}

  /** Where the request's time went; {@code fetchMs} only for an {@code s3Key} request. */
  public record Timings(
      @JsonInclude(JsonInclude.Include.NON_NULL) Double fetchMs,
      double decodeMs,
      double inferenceMs,
      double totalMs) {}

  public Outcome classify(HttpRequest http, String requestId, String caller) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    Attempt attempt = new Attempt();
    Outcome outcome;
    try {
      outcome = run(http, requestId, attempt, t0);
    } catch (RuntimeException e) {
      ApiErrors.ApiError error = ApiErrors.of(e, "POST /classify");
      outcome = failure(error.code(), error.message());
    }
    long latencyMs = (System.nanoTime() - t0) / 1_000_000;
    try {
      transactions.put(
          new Transaction(
              requestId,
              started,
              caller,
              attempt.source,
              attempt.modelVersion,
              attempt.predictions,
              outcome.status(),
              outcome.errorCode().map(Enum::name),
              latencyMs,
              attempt.sha256,
              attempt.imageBytes));
    } catch (RuntimeException e) {
      // Every request must be logged: a request we cannot log is answered as retryable.
      LOG.error("writing transaction {} failed", requestId, e);
      return failure(ErrorCode.STORE_UNAVAILABLE, "the request could not be recorded; retry later");
    }
    return outcome;
  }

  /**
   * A request's whole path once, on {@code jpeg}, without its transaction: the parser, the decoder,
   * the model's session and the response body get warm before a SnapStart snapshot (or the first
   * request), and so does the DynamoDB client's read path, by looking up a transaction that cannot
   * exist. Nothing is stored. Returns what a request would have got.
   */
  public Outcome prime(byte[] jpeg) {
    transactions.get(PRIMING_REQUEST_ID);
    HttpRequest http =
        new HttpRequest(Base64.getEncoder().encodeToString(jpeg), true, "image/jpeg", Map.of());
    return run(http, PRIMING_REQUEST_ID, new Attempt(), System.nanoTime());
  }

  private Outcome run(HttpRequest http, String requestId, Attempt attempt, long t0) {
    ClassifyRequest request =
        parser.parse(http.body(), http.base64Encoded(), http.contentType(), http.query());
    attempt.source = request.source();
    long tFetch = System.nanoTime();
    byte[] image = request.image().orElseGet(() -> readInbox(request.s3Key().orElseThrow()));
    long fetchNanos = System.nanoTime() - tFetch;
    attempt.imageBytes = image.length;
    attempt.sha256 = Optional.of(sha256(image));

    return models.withModel(
        classifier -> {
          attempt.modelVersion = Optional.of(classifier.version());
          long tDecode = System.nanoTime();
          RgbImage pixels =
              decoder.decode(image, classifier.inputWidth(), classifier.inputHeight());
          long tInfer = System.nanoTime();
          List<Prediction> predictions = classifier.classify(pixels, request.topK());
          long tDone = System.nanoTime();
          attempt.predictions = predictions;

          Timings timings =
              new Timings(
                  request.s3Key().isPresent() ? millis(fetchNanos) : null,
                  millis(tInfer - tDecode),
                  millis(tDone - tInfer),
                  millis(tDone - t0));
          return new Outcome(
              Optional.of(
                  new Classification(requestId, classifier.version(), predictions, timings)),
              Optional.empty());
        });
  }

  private byte[] readInbox(String key) {
    return inbox
        .read(key)
        .map(InboxReader.Content::bytes)
        .orElseThrow(
            () ->
                new MenagerieException(ErrorCode.NOT_FOUND, "no object " + key + " in the bucket"));
  }

  private static Outcome failure(ErrorCode code, String message) {
    return new Outcome(Optional.empty(), Optional.of(new Failure(code, message)));
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** What is known so far about a request, for its transaction. */
  private static final class Attempt {
    String source = "unknown";
    Optional<String> modelVersion = Optional.empty();
    List<Prediction> predictions = List.of();
    Optional<String> sha256 = Optional.empty();
    long imageBytes;
  }
}
