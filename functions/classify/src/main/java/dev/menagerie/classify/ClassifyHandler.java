package dev.menagerie.classify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.menagerie.common.concurrent.DaemonThreads;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.http.ApiRequests;
import dev.menagerie.common.http.ApiResponses;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.inference.Classifier;
import dev.menagerie.common.inference.ModelProvider;
import dev.menagerie.common.store.DynamoTransactionStore;
import dev.menagerie.common.store.InboxReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@code POST /classify}. Built once per container: clients, the model (loaded and run once, so a
 * SnapStart snapshot holds a warm session), the decoder. Each request is parsed, classified and
 * logged by {@link ClassifyService}; this class only maps events and responses.
 */
public final class ClassifyHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {

  /** A 640 x 480 camera-like JPEG the priming run classifies (nothing is logged for it). */
  static final String PRIMING_IMAGE = "priming.jpg";

  /** Rounds of decoding the priming image while the model downloads. */
  private static final int DECODER_WARM_UPS = 4;

  /** Targets at which the 640 x 480 priming image is read at 1/1, 1/2, 1/4 and 1/8 scale. */
  private static final int[] WARM_UP_SIZES = {299, 150, 75, 60};

  /** Powertools' MDC key for the correlation id (its internal PowertoolsLoggedFields). */
  static final String CORRELATION_ID = "correlation_id";

  private final ClassifyService service;
  private final ModelProvider models;
  private final ImageDecoder decoder;

  /** The priming image, read once: decoded while the model downloads, then classified by prime. */
  private final byte[] primingJpeg = primingImage();

  private final Metrics metrics;
  private final String serviceName;

  /** The constructor the Lambda runtime calls. */
  public ClassifyHandler() {
    this(System.getenv());
  }

  /** For the local cloud and tests: the environment the template would give the function. */
  public ClassifyHandler(Map<String, String> environment) {
    this(ClassifyConfig.fromEnvironment(environment));
  }

  ClassifyHandler(ClassifyConfig config) {
    // A cold start's independent parts run side by side: logging's start, the S3 client and the
    // warm-up of ONNX Runtime's native library and the JPEG decoder on threads of their own, while
    // this one builds the DynamoDB client and looks the production model up (measured locally:
    // 2.6 s from a fresh JVM to the first answer with the full model, from 4.0 s one after
    // another).
    this.decoder = ImageDecoder.forLatency(config.imageLimits());
    ExecutorService startup =
        Executors.newFixedThreadPool(3, DaemonThreads.named("classify-startup"));
    try {
      Future<?> logging = startup.submit(ClassifyHandler::startLogging);
      Future<S3Client> s3Client = startup.submit(() -> AwsClients.s3(config.aws()));
      Future<?> warmUp = startup.submit(this::warmUp);
      DynamoDbClient dynamo = AwsClients.dynamoDb(config.aws());
      S3Client s3 = await(s3Client);
      this.models =
          ModelProvider.forFunction(
              dynamo,
              config.modelsTable(),
              s3,
              config.bucket(),
              config.modelVersionOverride(),
              Duration.ofSeconds(config.modelRefreshSeconds()));
      this.service =
          new ClassifyService(
              new ClassifyRequestParser(
                  config.imageLimits().maxBytes(), config.defaultTopK(), config.topKMax()),
              decoder,
              models,
              new InboxReader(s3, config.bucket(), config.imageLimits().maxBytes()),
              new DynamoTransactionStore(dynamo, config.transactionsTable()),
              Clock.systemUTC());
      models.refresh();
      await(warmUp);
      await(logging);
    } finally {
      startup.shutdownNow();
    }
    this.serviceName = config.serviceName();
    this.metrics = MetricsFactory.getMetricsInstance();
    metrics.setNamespace(config.metricsNamespace());
    metrics.setDefaultDimensions(DimensionSet.of("Service", serviceName));
    metrics.setRaiseOnEmptyMetrics(false);
    prime();
    Core.getGlobalContext().register(this);
  }

  /**
   * Loads ONNX Runtime and decodes the priming image a few times at each of the decoder's DCT
   * reductions (full, 1/2, 1/4, 1/8: the 640 x 480 image to 299, 150, 75 and 60 pixels), for the
   * class loading and the JIT. Decoding it to 299 alone left a camera-sized request's first decode
   * (1/2 scale) at 57 ms against 7 ms warm. This runs while the main thread waits on the model.
   */
  private void warmUp() {
    Classifier.loadRuntime();
    for (int i = 0; i < DECODER_WARM_UPS; i++) {
      for (int size : WARM_UP_SIZES) {
        decoder.decode(primingJpeg, size, size);
      }
    }
  }

  /** Log4j with its JSON layout and Jackson: a few hundred milliseconds of class loading. */
  private static void startLogging() {
    LoggerFactory.getLogger(ClassifyService.class).debug("logging started");
    ApiResponses.json(200, Map.of("started", true));
  }

  private static <T> T await(Future<T> work) {
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("starting failed", e.getCause());
    }
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    // correlation_id in every log line = the API request id, which is also the transaction's key.
    // Set here rather than by Powertools' JMESPath (CorrelationIdPaths.API_GATEWAY_HTTP), which
    // first copies the whole event, the base64 image included, into a JSON tree: 1-2 ms a request.
    String requestId = ApiRequests.requestId(event, context);
    return PowertoolsLogging.withLogging(
        context,
        () -> {
          MDC.put(CORRELATION_ID, requestId);
          return handle(event, requestId);
        });
  }

  private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String requestId) {
    Map<String, String> headers = caseInsensitive(event.getHeaders());
    ClassifyService.Outcome outcome =
        service.classify(
            new ClassifyService.HttpRequest(
                event.getBody(),
                event.getIsBase64Encoded(),
                headers.get("content-type"),
                event.getQueryStringParameters()),
            requestId,
            ApiRequests.caller(event).orElse("anonymous"));
    metrics.addDimension("Outcome", outcome.errorCode().map(Enum::name).orElse("OK"));
    metrics.addMetric("ClassifyRequests", 1, MetricUnit.COUNT);
    outcome
        .classification()
        .ifPresent(
            c ->
                metrics.addMetric(
                    "ClassifyLatency", c.timings().totalMs(), MetricUnit.MILLISECONDS));
    metrics.addMetadata("requestId", requestId);
    metrics.flush();
    return response(outcome, requestId);
  }

  /**
   * Runs a request's path once, on a JPEG shipped with the function (see {@link
   * ClassifyService#prime}), so the JIT, the session and the clients are warm before a SnapStart
   * snapshot, or before the first request without one. No transaction is written for it.
   */
  void prime() {
    if (models.currentVersion().isPresent()) {
      response(service.prime(primingJpeg), ClassifyService.PRIMING_REQUEST_ID);
    }
  }

  /** The HTTP reply: the classification as JSON, or the API's error document. */
  private static APIGatewayV2HTTPResponse response(
      ClassifyService.Outcome outcome, String requestId) {
    return outcome
        .failure()
        .map(f -> ApiResponses.error(f.code(), f.message(), requestId))
        .orElseGet(() -> ApiResponses.json(200, outcome.classification().orElseThrow()));
  }

  static byte[] primingImage() {
    try (InputStream in = ClassifyHandler.class.getResourceAsStream(PRIMING_IMAGE)) {
      if (in == null) {
        throw new IllegalStateException(PRIMING_IMAGE + " is missing from the function's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // the alias may have moved while the snapshot waited: look again on the next request
    models.refresh();
  }

  private static Map<String, String> caseInsensitive(Map<String, String> headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      map.putAll(headers);
    }
    return map;
  }
}
