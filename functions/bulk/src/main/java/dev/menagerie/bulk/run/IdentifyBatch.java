package dev.menagerie.bulk.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.menagerie.bulk.BulkIdentifier;
import dev.menagerie.bulk.InboxObject;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.common.inference.ModelProvider;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.task.TaskStep;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IdentifyBatch state: identifies one ItemBatcher batch of S3 listing items (objects under
 * {@code inbox/}; folders skipped) with the run's model version, tagging results with the run id. A
 * batch with failed objects throws {@link BulkItemsFailedException} for the task's retry; what
 * succeeded stays, and identification is idempotent. A version's model is loaded once per
 * container.
 */
public final class IdentifyBatch
    implements TaskStep<IdentifyBatch.Input, IdentifyBatch.Identified> {
  private static final Logger LOG = LoggerFactory.getLogger(IdentifyBatch.class);

  private final ModelRegistry registry;
  private final ModelRepository repository;
  private final BulkIdentifier identifier;
  private final Clock clock;
  private final Map<String, ModelProvider> models = new ConcurrentHashMap<>();

  public IdentifyBatch(
      ModelRegistry registry, ModelRepository repository, BulkIdentifier identifier, Clock clock) {
    this.registry = registry;
    this.repository = repository;
    this.identifier = identifier;
    this.clock = clock;
  }

  /** The Payload: the batch's listing items and the ItemBatcher's BatchInput. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(List<Item> items, Batch batch) {}

  /** One item of the S3 listing, as the ItemReader gives it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Item(
      @JsonProperty("Key") String key,
      @JsonProperty("ETag") String etag,
      @JsonProperty("Size") Long size) {}

  /** The BatchInput: which run, with which model version. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Batch(String runId, String modelVersion) {}

  /** Objects per outcome ({@link BulkIdentifier.Kind} names) and the seconds the batch took. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Identified(Map<String, Integer> counts, double seconds) {}

  @Override
  public Identified run(Input input) {
    Batch batch = input.batch() == null ? new Batch(null, null) : input.batch();
    String runId = required(batch.runId(), "batch.runId");
    String version = required(batch.modelVersion(), "batch.modelVersion");
    List<InboxObject> objects = new ArrayList<>();
    for (Item item : input.items() == null ? List.<Item>of() : input.items()) {
      String key = item.key() == null ? "" : item.key();
      if (key.startsWith("inbox/") && !key.endsWith("/")) {
        objects.add(
            new InboxObject(
                key,
                item.etag() == null ? "" : item.etag(),
                item.size() == null ? -1 : item.size()));
      }
    }
    long t0 = System.nanoTime();
    ModelProvider provider = model(version);
    List<BulkIdentifier.Outcome> outcomes =
        objects.isEmpty()
            ? List.of()
            : provider.withModel(c -> identifier.identify(objects, c, Optional.of(runId)));
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<BulkIdentifier.Kind, Integer> byKind = new EnumMap<>(BulkIdentifier.Kind.class);
    outcomes.forEach(o -> byKind.merge(o.kind(), 1, Integer::sum));
    byKind.forEach((k, n) -> counts.put(k.name(), n));
    double seconds = (System.nanoTime() - t0) / 1e9;
    int failed = byKind.getOrDefault(BulkIdentifier.Kind.FAILED, 0);
    LOG.info("run {}: batch of {} with {} in {} s", runId, objects.size(), counts, seconds);
    if (failed > 0) {
      throw new BulkItemsFailedException(
          failed + " of " + objects.size() + " objects failed in run " + runId + "; retrying");
    }
    return new Identified(counts, seconds);
  }

  private ModelProvider model(String version) {
    return models.computeIfAbsent(
        version,
        v -> {
          ModelProvider p =
              new ModelProvider(
                  registry,
                  repository,
                  Optional.of(v),
                  Duration.ofDays(365),
                  clock,
                  InferenceOptions.defaults());
          p.refresh();
          return p;
        });
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new MenagerieException(ErrorCode.INVALID_PARAMETER, name + " is required");
    }
    return value;
  }
}
