package dev.menagerie.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.store.RunStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tasks of the training state machine ({@code statemachines/training.asl.json}), by {@code
 * action}: {@code start}, {@code prepare}, {@code register}, {@code evaluate} (one shard), {@code
 * decide}, {@code promote}, {@code reject}, {@code throwAway}, {@code finish} and {@code fail}. See
 * {@link TrainingPipeline} for what each does. A store that stays unavailable is {@link
 * StoreUnavailableException}, which the state machine retries by that name.
 */
@TaskErrors(StoreUnavailableException.class)
public final class PipelineHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineHandler.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final TrainingPipeline pipeline;

  /** The constructor the Lambda runtime calls. */
  public PipelineHandler() {
    this(System.getenv());
  }

  /** For the local cloud and tests: the environment the template would give the function. */
  public PipelineHandler(Map<String, String> environment) {
    Settings settings = new Settings(environment);
    String bucket = settings.required("BUCKET_NAME");
    String modelsTable = settings.required("MODELS_TABLE");
    String runsTable = settings.required("RUNS_TABLE");
    ImageLimits limits = ImageLimits.fromSettings(settings);
    AwsSettings aws = AwsSettings.from(settings);
    settings.validate("the training pipeline function");
    DynamoDbClient dynamo = AwsClients.dynamoDb(aws);
    S3Client s3 = AwsClients.s3(aws);
    Clock clock = Clock.systemUTC();
    ModelRegistry registry = new DynamoModelRegistry(dynamo, modelsTable, clock);
    RunStore runs = new DynamoRunStore(dynamo, runsTable);
    this.pipeline =
        new TrainingPipeline(
            s3,
            bucket,
            registry,
            new ModelRepository(s3, bucket),
            runs,
            new ImageDecoder(limits),
            limits.maxBytes(),
            clock);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode request = JSON.readTree(input);
    String action = request == null ? "" : request.path("action").asText("");
    LOG.info("training pipeline step {}", action);
    Object result;
    try {
      result = run(action, request);
    } catch (RuntimeException e) {
      throw Failures.named(e);
    }
    JSON.writeValue(output, result);
  }

  private Object run(String action, JsonNode request) throws IOException {
    return switch (action) {
      case "start" -> pipeline.start(request.path("input"));
      case "prepare" -> pipeline.prepare(request.path("run"));
      case "register" -> pipeline.register(request.path("run"));
      case "evaluate" -> pipeline.evaluate(request.path("run"), request.path("shard"));
      case "decide" -> pipeline.decide(request.path("run"));
      case "promote" -> pipeline.promote(request.path("run"));
      case "reject" -> pipeline.reject(request.path("run"));
      case "throwAway" -> pipeline.throwAway(request.path("run"));
      case "finish" -> pipeline.finish(request.path("run"), request.path("identified"));
      case "fail" -> pipeline.fail(request.path("run"), request.path("error"));
      default ->
          throw new MenagerieException(
              ErrorCode.INVALID_PARAMETER,
              "action must be one of start, prepare, register, evaluate, decide, promote,"
                  + " reject, throwAway, finish, fail; was '"
                  + action
                  + "'");
    };
  }
}
