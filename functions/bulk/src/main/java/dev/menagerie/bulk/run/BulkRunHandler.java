package dev.menagerie.bulk.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.bulk.BulkIdentifier;
import dev.menagerie.bulk.InboxObject;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.config.Settings;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.Failures;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.error.StoreUnavailableException;
import dev.menagerie.common.error.TaskErrors;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.common.inference.ModelProvider;
import dev.menagerie.common.store.BulkFigures;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.InboxReader;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.store.RunStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tasks of the bulk-identify state machine ({@code statemachines/bulk-identify.asl.json}), by
 * {@code action}: {@code start} names the run and the model version and records it RUNNING; {@code
 * identify} identifies one ItemBatcher batch of S3 listing items with that version, tagging results
 * with the run id (a batch with failed objects throws {@link BulkItemsFailedException} for the
 * task's retry; what succeeded stays, and identification is idempotent); {@code finish} adds up the
 * batches into the run's figures (images, per outcome, images per second); {@code fail} records a
 * failed run. A store that stays unavailable is {@link StoreUnavailableException}, which the state
 * machine retries by that name.
 */
@TaskErrors({StoreUnavailableException.class, BulkItemsFailedException.class})
public final class BulkRunHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BulkRunHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelRegistry registry;
  private final ModelRepository repository;
  private final BulkIdentifier identifier;
  private final RunStore runs;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, ModelProvider> models = new ConcurrentHashMap<>();

  /** The constructor the Lambda runtime calls. */
  public BulkRunHandler() {
    this(System.getenv());
  }

  /** For the local cloud and tests: the environment the template would give the function. */
  public BulkRunHandler(Map<String, String> environment) {
    Settings settings = new Settings(environment);
    String bucket = settings.required("BUCKET_NAME");
    String identifications = settings.required("IDENTIFICATIONS_TABLE");
    String modelsTable = settings.required("MODELS_TABLE");
    String runsTable = settings.required("RUNS_TABLE");
    ImageLimits limits = ImageLimits.fromSettings(settings);
    int threads =
        settings.intValue(
            "DECODE_THREADS", Math.max(2, Runtime.getRuntime().availableProcessors() * 2), 1, 64);
    AwsSettings aws = AwsSettings.from(settings);
    settings.validate("the bulk run function");
    DynamoDbClient dynamo = AwsClients.dynamoDb(aws);
    S3Client s3 = AwsClients.s3(aws);
    this.registry = new DynamoModelRegistry(dynamo, modelsTable, clock);
    this.repository = new ModelRepository(s3, bucket);
    this.runs = new DynamoRunStore(dynamo, runsTable);
    this.identifier =
        new BulkIdentifier(
            new InboxReader(s3, bucket, limits.maxBytes()),
            new ImageDecoder(limits),
            new DynamoIdentificationStore(dynamo, identifications),
            5,
            16,
            Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, "bulk-run-worker");
                  t.setDaemon(true);
                  return t;
                }),
            clock);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode request = JSON.readTree(input);
    Object result;
    try {
      result = run(request);
    } catch (RuntimeException e) {
      throw Failures.named(e);
    }
    JSON.writeValue(output, result);
  }

  private Object run(JsonNode request) {
    return switch (request.path("action").asText("")) {
      case "start" -> start(request.path("input"));
      case "identify" -> identify(request.path("items"), request.path("batch"));
      case "finish" -> finish(request.path("run"), request.path("batches"));
      case "fail" -> fail(request.path("run"), request.path("error"));
      default ->
          throw new MenagerieException(
              ErrorCode.INVALID_PARAMETER,
              "action must be one of start, identify, finish, fail; was '"
                  + request.path("action").asText("")
                  + "'");
    };
  }

  private Map<String, Object> start(JsonNode input) {
    String prefix = input.path("prefix").asText("inbox/");
    if (!prefix.startsWith("inbox/")) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "prefix must be under inbox/, was '" + prefix + "'");
    }
    String version =
        input.hasNonNull("modelVersion") && !input.path("modelVersion").asText().isBlank()
            ? input.path("modelVersion").asText()
            : registry
                .productionVersion()
                .orElseThrow(
                    () ->
                        new MenagerieException(
                            ErrorCode.NO_PRODUCTION_MODEL,
                            "no production model; name a modelVersion"));
    if (registry.get(version).isEmpty()) {
      throw new MenagerieException(ErrorCode.NOT_FOUND, "no model version " + version);
    }
    Instant now = clock.instant();
    String runId = RunRecord.newRunId(now);
    runs.put(RunRecord.running(RunKind.BULK, runId, now, version, BulkFigures.started(prefix)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", runId);
    out.put("modelVersion", version);
    out.put("prefix", prefix);
    out.put("startedAt", now.toString());
    return out;
  }

  private Map<String, Object> identify(JsonNode items, JsonNode batch) {
    String runId = batch.path("runId").asText();
    String version = batch.path("modelVersion").asText();
    List<InboxObject> objects = new ArrayList<>();
    for (JsonNode item : items) {
      String key = item.path("Key").asText("");
      if (key.startsWith("inbox/") && !key.endsWith("/")) {
        objects.add(
            new InboxObject(key, item.path("ETag").asText(""), item.path("Size").asLong(-1)));
      }
    }
    long t0 = System.nanoTime();
    ModelProvider provider =
        models.computeIfAbsent(
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
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("counts", counts);
    out.put("seconds", seconds);
    return out;
  }

  private RunRecord current(JsonNode run) {
    String runId = run.path("runId").asText();
    return runs.get(RunKind.BULK, runId)
        .orElseThrow(() -> new MenagerieException(ErrorCode.NOT_FOUND, "no bulk run " + runId));
  }

  private Map<String, Object> finish(JsonNode run, JsonNode batches) {
    RunRecord record = current(run);
    Map<String, Integer> totals = new LinkedHashMap<>();
    double busySeconds = 0;
    int images = 0;
    for (JsonNode batch : batches) {
      var fields = batch.path("counts").fields();
      while (fields.hasNext()) {
        var e = fields.next();
        totals.merge(e.getKey(), e.getValue().asInt(), Integer::sum);
        images += e.getValue().asInt();
      }
      busySeconds += batch.path("seconds").asDouble();
    }
    Instant now = clock.instant();
    double wall = Math.max(1e-3, Duration.between(record.startedAt(), now).toMillis() / 1000.0);
    BulkFigures figures =
        new BulkFigures(
            record.bulk().prefix(),
            images,
            batches.size(),
            totals,
            wall,
            Math.round(images / wall * 10) / 10.0,
            busySeconds == 0 ? 0 : Math.round(images / busySeconds * 10) / 10.0);
    RunRecord done = record.finished(RunStatus.SUCCEEDED, now, figures, Optional.empty());
    runs.put(done);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", done.runId());
    out.put("status", done.status().name());
    out.put("modelVersion", done.modelVersion().orElse(""));
    out.put("figures", figures);
    return out;
  }

  private Map<String, Object> fail(JsonNode run, JsonNode error) {
    RunRecord record = current(run);
    String cause = error.path("Error").asText("") + ": " + error.path("Cause").asText("");
    runs.put(
        record.finished(RunStatus.FAILED, clock.instant(), record.figures(), Optional.of(cause)));
    return Map.of("runId", record.runId(), "status", RunStatus.FAILED.name());
  }
}
