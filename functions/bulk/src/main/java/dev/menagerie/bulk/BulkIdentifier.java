package dev.menagerie.bulk;

import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.RgbImage;
import dev.menagerie.common.inference.Classifier;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.Identification;
import dev.menagerie.common.store.IdentificationStore;
import dev.menagerie.common.store.InboxReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies a batch of inbox objects with one model: reads and decodes them in parallel, runs them
 * through the model in batches of {@code inferenceBatch} images, and writes one {@link
 * Identification} each. Free of Lambda and SQS: the SQS handler and the re-identification runs both
 * call it.
 *
 * <p>Per object: a result already stored for this ETag and model version is left alone (a
 * redelivery); a deleted object is recorded as MISSING; bytes that are not a decodable image are
 * recorded as ERROR with the decoder's code; anything else (S3 or DynamoDB faults) makes only that
 * object FAILED, for the caller to retry.
 */
public final class BulkIdentifier {
  private static final Logger LOG = LoggerFactory.getLogger(BulkIdentifier.class);

  private final InboxReader inbox;
  private final ImageDecoder decoder;
  private final IdentificationStore store;
  private final int topK;
  private final int inferenceBatch;
  private final ExecutorService pool;
  private final Clock clock;

  public BulkIdentifier(
      InboxReader inbox,
      ImageDecoder decoder,
      IdentificationStore store,
      int topK,
      int inferenceBatch,
      ExecutorService pool,
      Clock clock) {
    this.inbox = inbox;
    this.decoder = decoder;
    this.store = store;
    this.topK = topK;
    this.inferenceBatch = inferenceBatch;
    this.pool = pool;
    this.clock = clock;
  }

  /** What became of one object. */
  public enum Kind {
    IDENTIFIED,
    ALREADY_IDENTIFIED,
    ERROR_RECORDED,
    MISSING_RECORDED,
    FAILED
  }

  /** One object's outcome; {@code detail} says why for ERROR_RECORDED and FAILED. */
  public record Outcome(InboxObject object, Kind kind, Optional<String> detail) {
    public boolean failed() {
      return kind == Kind.FAILED;
    }
  }

  /** Identifies every object with the classifier; outcomes in the order of {@code objects}. */
  public List<Outcome> identify(
      List<InboxObject> objects, Classifier classifier, Optional<String> runId) {
    String version = classifier.version();
    // 1. read and decode in parallel
    List<CompletableFuture<Prepared>> reads = new ArrayList<>();
    for (InboxObject object : objects) {
      reads.add(
          CompletableFuture.supplyAsync(() -> prepare(object, classifier, runId), pool)
              .exceptionally(e -> Prepared.done(object, failed(object, e))));
    }
    List<Prepared> prepared = reads.stream().map(CompletableFuture::join).toList();

    // 2. infer in batches, on this thread (ONNX Runtime uses the cores itself)
    List<Prepared> decoded = prepared.stream().filter(p -> p.image != null).toList();
    int w = classifier.inputWidth();
    int h = classifier.inputHeight();
    int perImage = 3 * w * h;
    for (int start = 0; start < decoded.size(); start += inferenceBatch) {
      List<Prepared> chunk =
          decoded.subList(start, Math.min(decoded.size(), start + inferenceBatch));
      float[] chw = new float[perImage * chunk.size()];
      for (int i = 0; i < chunk.size(); i++) {
        System.arraycopy(chunk.get(i).image.toChw(), 0, chw, i * perImage, perImage);
      }
      try {
        List<List<Prediction>> predictions = classifier.classifyBatch(chw, chunk.size(), topK);
        for (int i = 0; i < chunk.size(); i++) {
          Prepared p = chunk.get(i);
          p.result =
              new Identification(
                  p.object.collection(),
                  p.object.key(),
                  p.etag,
                  version,
                  Identification.Status.IDENTIFIED,
                  predictions.get(i),
                  Optional.empty(),
                  Optional.empty(),
                  clock.instant(),
                  runId,
                  Optional.empty());
        }
      } catch (RuntimeException e) {
        LOG.error("inference failed for a batch of {} images", chunk.size(), e);
        chunk.forEach(p -> p.outcome = failed(p.object, e));
      }
      chunk.forEach(p -> p.image = null);
    }

    // 3. write in parallel
    List<CompletableFuture<Outcome>> writes = new ArrayList<>();
    for (Prepared p : prepared) {
      if (p.outcome != null) {
        writes.add(CompletableFuture.completedFuture(p.outcome));
      } else {
        writes.add(
            CompletableFuture.supplyAsync(() -> write(p), pool)
                .exceptionally(e -> failed(p.object, e)));
      }
    }
    return writes.stream().map(CompletableFuture::join).toList();
  }

  private Prepared prepare(InboxObject object, Classifier classifier, Optional<String> runId) {
    String version = classifier.version();
    if (!object.etag().isEmpty() && alreadyStored(object, object.etag(), version)) {
      return Prepared.done(object, new Outcome(object, Kind.ALREADY_IDENTIFIED, Optional.empty()));
    }
    Optional<InboxReader.Content> content;
    try {
      content = inbox.read(object.key());
    } catch (MenagerieException e) {
      if (e.code().isClientError()) {
        return Prepared.result(
            object, error(object, object.etag(), version, e, runId), Kind.ERROR_RECORDED);
      }
      throw e;
    }
    if (content.isEmpty()) {
      return Prepared.result(
          object,
          new Identification(
              object.collection(),
              object.key(),
              object.etag(),
              version,
              Identification.Status.MISSING,
              List.of(),
              Optional.of("NOT_FOUND"),
              Optional.of("the object was deleted before it could be identified"),
              clock.instant(),
              runId,
              Optional.empty()),
          Kind.MISSING_RECORDED);
    }
    String etag = content.get().etag();
    if (!etag.equals(object.etag()) && alreadyStored(object, etag, version)) {
      return Prepared.done(object, new Outcome(object, Kind.ALREADY_IDENTIFIED, Optional.empty()));
    }
    try {
      RgbImage image =
          decoder.decode(content.get().bytes(), classifier.inputWidth(), classifier.inputHeight());
      Prepared p = new Prepared(object, etag);
      p.image = image;
      return p;
    } catch (MenagerieException e) {
      if (!e.code().isClientError()) {
        throw e;
      }
      return Prepared.result(object, error(object, etag, version, e, runId), Kind.ERROR_RECORDED);
    }
  }

  private boolean alreadyStored(InboxObject object, String etag, String version) {
    return store
        .get(object.collection(), version, object.key())
        .filter(existing -> existing.etag().equals(etag))
        .isPresent();
  }

  private Identification error(
      InboxObject object,
      String etag,
      String version,
      MenagerieException e,
      Optional<String> runId) {
    return new Identification(
        object.collection(),
        object.key(),
        etag,
        version,
        Identification.Status.ERROR,
        List.of(),
        Optional.of(e.code().name()),
        Optional.of(e.getMessage()),
        clock.instant(),
        runId,
        Optional.empty());
  }

  private Outcome write(Prepared p) {
    boolean written = store.putIfNew(p.result);
    Kind kind = !written ? Kind.ALREADY_IDENTIFIED : p.kindIfWritten;
    return new Outcome(p.object, kind, p.result.errorCode());
  }

  private static Outcome failed(InboxObject object, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    LOG.warn("identifying {} failed; it will be retried", object.key(), cause);
    return new Outcome(
        object,
        Kind.FAILED,
        Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
  }

  /** One object on its way through the batch. */
  private static final class Prepared {
    final InboxObject object;
    final String etag;
    RgbImage image;
    Identification result;
    Kind kindIfWritten = Kind.IDENTIFIED;
    Outcome outcome;

    Prepared(InboxObject object, String etag) {
      this.object = object;
      this.etag = etag;
    }

    static Prepared done(InboxObject object, Outcome outcome) {
      Prepared p = new Prepared(object, object.etag());
      p.outcome = outcome;
      return p;
    }

    static Prepared result(InboxObject object, Identification result, Kind kind) {
      Prepared p = new Prepared(object, result.etag());
      p.result = result;
      p.kindIfWritten = kind;
      return p;
    }
  }
}
