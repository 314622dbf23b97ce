package dev.menagerie.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.config.Settings;
import dev.menagerie.common.error.Failures;
import dev.menagerie.common.error.StoreUnavailableException;
import dev.menagerie.common.error.TaskErrors;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.task.TaskRoute;
import dev.menagerie.common.task.TaskRoutes;
import dev.menagerie.pipeline.steps.PipelineSteps;
import dev.menagerie.pipeline.steps.RunArtifacts;
import dev.menagerie.pipeline.steps.TrainingRuns;
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
 * action}: a table ({@link PipelineSteps}) from action to step, one class per state in {@code
 * dev.menagerie.pipeline.steps}. The handler binds the Payload to the step's input record and
 * writes its output record ({@link TaskRoutes}); nothing else. A store that stays unavailable is
 * {@link StoreUnavailableException}, which the state machine retries by that name.
 */
@TaskErrors(StoreUnavailableException.class)
public final class PipelineHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineHandler.class);
  private final Map<String, TaskRoute<?, ?>> steps;

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
    this.steps =
        PipelineSteps.table(
            new PipelineSteps.Collaborators(
                new RunArtifacts(s3, bucket),
                new DynamoModelRegistry(dynamo, modelsTable, clock),
                new ModelRepository(s3, bucket),
                new TrainingRuns(new DynamoRunStore(dynamo, runsTable), clock),
                new ImageDecoder(limits),
                limits.maxBytes()));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode request = TaskRoutes.JSON.readTree(input);
    LOG.info("training pipeline step {}", TaskRoutes.action(request));
    Object result;
    try {
      result = TaskRoutes.run(steps, request);
    } catch (RuntimeException e) {
      throw Failures.named(e);
    }
    TaskRoutes.JSON.writeValue(output, result);
  }
}
