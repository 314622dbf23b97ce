package dev.menagerie.classify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.http.ApiRequests;
import dev.menagerie.common.http.ApiResponses;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.RgbImage;
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
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
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
  private static final Logger LOG = LoggerFactory.getLogger(ClassifyHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A 640 x 480 camera-like JPEG the priming run classifies (nothing is logged for it). */
  static final String PRIMING_IMAGE = "priming.jpg";

  private final ClassifyService service;
  private final ModelProvider models;
  private final ImageDecoder decoder;
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
    this.decoder = new ImageDecoder(config.imageLimits());
    this.service =
        new ClassifyService(
            new ClassifyRequestParser(
                config.imageLimits().maxBytes(), config.defaultTopK(), config.topKMax()),
            decoder,
            models,
            new InboxReader(s3, config.bucket(), config.imageLimits().maxBytes()),
            new DynamoTransactionStore(dynamo, config.transactionsTable()),
            Clock.systemUTC());
    this.serviceName = config.serviceName();
    this.metrics = MetricsFactory.getMetricsInstance();
    metrics.setNamespace(config.metricsNamespace());
    metrics.setDefaultDimensions(DimensionSet.of("Service", serviceName));
    metrics.setRaiseOnEmptyMetrics(false);
    models.refresh();
    prime();
    Core.getGlobalContext().register(this);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    // correlation_id in every log line = the API request id, which is also the transaction's key
    return PowertoolsLogging.withLogging(
        context, CorrelationIdPaths.API_GATEWAY_HTTP, event, () -> handle(event, context));
  }

  private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
    String requestId = ApiRequests.requestId(event, context);
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
    Object timings = outcome.body().get("timings");
    if (timings instanceof Map<?, ?> t && t.get("totalMs") instanceof Number total) {
      metrics.addMetric("ClassifyLatency", total.doubleValue(), MetricUnit.MILLISECONDS);
    }
    metrics.addMetadata("requestId", requestId);
    metrics.flush();
    return ApiResponses.json(outcome.status(), outcome.body());
  }

  /**
   * Runs a request's decode and inference once, on a JPEG shipped with the function, so the JPEG
   * reader, the resize, ONNX Runtime's session and the JIT are warm before a SnapStart snapshot (or
   * before the first request without one). No transaction is written for it.
   */
  void prime() {
    byte[] jpeg = primingImage();
    models
        .currentVersion()
        .ifPresent(
            version ->
                models.withModel(
                    classifier -> {
                      RgbImage pixels =
                          decoder.decode(jpeg, classifier.inputWidth(), classifier.inputHeight());
                      return classifier.classify(pixels.toChw(), 1);
                    }));
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
