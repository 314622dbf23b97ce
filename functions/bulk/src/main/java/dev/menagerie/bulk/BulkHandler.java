package dev.menagerie.bulk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.menagerie.common.concurrent.DaemonThreads;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.inference.ModelProvider;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.InboxReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The inbox queue's consumer: each SQS message carries an S3 ObjectCreated event for an object
 * under {@code inbox/}. All objects of the batch are identified together (parallel decode, batched
 * inference) with the production model; a message is reported as a batch item failure only when one
 * of its objects failed for a reason worth retrying, so SQS redelivers just those (and moves them
 * to the dead-letter queue after maxReceiveCount).
 */
public final class BulkHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(BulkHandler.class);

  private final ModelProvider models;
  private final BulkIdentifier identifier;
  private final Metrics metrics;

  /** The constructor the Lambda runtime calls. */
  public BulkHandler() {
    this(System.getenv());
  }

  /** For the local cloud and tests: the environment the template would give the function. */
  public BulkHandler(Map<String, String> environment) {
    this(BulkConfig.fromEnvironment(environment));
  }

  BulkHandler(BulkConfig config) {
    DynamoDbClient dynamo = AwsClients.dynamoDb(config.aws());
    S3Client s3 = AwsClients.s3(config.aws());
    this.models =
        ModelProvider.forFunction(
            dynamo,
            config.modelsTable(),
            s3,
            config.bucket(),
            config.modelVersionOverride(),
            Duration.ofSeconds(config.modelRefreshSeconds()));
    ExecutorService pool =
        Executors.newFixedThreadPool(config.decodeThreads(), DaemonThreads.named("bulk-worker"));
    this.identifier =
        new BulkIdentifier(
            new InboxReader(s3, config.bucket(), config.imageLimits().maxBytes()),
            new ImageDecoder(config.imageLimits()),
            new DynamoIdentificationStore(dynamo, config.identificationsTable()),
            config.topK(),
            config.inferenceBatch(),
            pool,
            Clock.systemUTC());
    this.metrics = MetricsFactory.getMetricsInstance();
    metrics.setNamespace(config.metricsNamespace());
    metrics.setDefaultDimensions(DimensionSet.of("Service", config.serviceName()));
    metrics.setRaiseOnEmptyMetrics(false);
    models.refresh();
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return PowertoolsLogging.withLogging(context, () -> handle(event));
  }

  private SQSBatchResponse handle(SQSEvent event) {
    long t0 = System.nanoTime();
    List<SQSEvent.SQSMessage> messages =
        event.getRecords() == null ? List.of() : event.getRecords();
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    Map<String, List<InboxObject>> byMessage = new LinkedHashMap<>();
    List<InboxObject> all = new ArrayList<>();
    for (SQSEvent.SQSMessage message : messages) {
      try {
        List<InboxObject> objects = S3EventMessages.objects(message.getBody());
        byMessage.put(message.getMessageId(), objects);
        all.addAll(objects);
      } catch (IllegalArgumentException e) {
        // not an S3 event: retrying cannot help, so let it reach the dead-letter queue for a look
        LOG.error("message {} is not an S3 event: {}", message.getMessageId(), e.getMessage());
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    Map<InboxObject, BulkIdentifier.Outcome> outcomes = new LinkedHashMap<>();
    if (!all.isEmpty()) {
      try {
        List<BulkIdentifier.Outcome> list =
            models.withModel(
                classifier -> identifier.identify(all, classifier, java.util.Optional.empty()));
        list.forEach(o -> outcomes.putIfAbsent(o.object(), o));
      } catch (MenagerieException e) {
        // no model to serve (or the registry is down): every message waits for a retry
        LOG.error("bulk batch failed: {} {}", e.code(), e.getMessage());
        byMessage.keySet().forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
      }
    }
    Map<BulkIdentifier.Kind, Integer> counts = new EnumMap<>(BulkIdentifier.Kind.class);
    outcomes.values().forEach(o -> counts.merge(o.kind(), 1, Integer::sum));
    byMessage.forEach(
        (id, objects) -> {
          if (objects.stream().map(outcomes::get).anyMatch(o -> o == null || o.failed())) {
            failures.add(new SQSBatchResponse.BatchItemFailure(id));
          }
        });
    double seconds = (System.nanoTime() - t0) / 1e9;
    LOG.info(
        "bulk batch: {} messages, {} objects {} in {} s ({} images/s), {} messages to retry",
        messages.size(),
        all.size(),
        counts,
        String.format("%.3f", seconds),
        String.format("%.1f", all.size() / Math.max(seconds, 1e-9)),
        failures.size());
    counts.forEach((kind, n) -> metrics.addMetric("Bulk" + camel(kind), n, MetricUnit.COUNT));
    if (!all.isEmpty()) {
      metrics.addMetric(
          "BulkImagesPerSecond", all.size() / Math.max(seconds, 1e-9), MetricUnit.COUNT_SECOND);
    }
    metrics.flush();
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  private static String camel(BulkIdentifier.Kind kind) {
    StringBuilder out = new StringBuilder();
    for (String part : kind.name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return out.toString();
  }
}
