package dev.menagerie.bulk.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.bulk.BulkIdentifier;
import dev.menagerie.common.concurrent.DaemonThreads;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.config.Settings;
import dev.menagerie.common.error.Failures;
import dev.menagerie.common.error.StoreUnavailableException;
import dev.menagerie.common.error.TaskErrors;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.InboxReader;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.task.TaskRoute;
import dev.menagerie.common.task.TaskRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tasks of the bulk-identify state machine ({@code statemachines/bulk-identify.asl.json}), by
 * {@code action}: a table ({@link BulkSteps}) from action to step, one class per state: {@link
 * StartRun}, {@link IdentifyBatch}, {@link FinishRun}, {@link RecordFailure}. The handler binds the
 * Payload to the step's input record and writes its output record ({@link TaskRoutes}); nothing
 * else. A store that stays unavailable is {@link StoreUnavailableException}, and a batch with
 * failed objects {@link BulkItemsFailedException}: the state machine retries both by name.
 */
@TaskErrors({StoreUnavailableException.class, BulkItemsFailedException.class})
public final class BulkRunHandler implements RequestStreamHandler {
  private final Map<String, TaskRoute<?, ?>> steps;

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
    Clock clock = Clock.systemUTC();
    BulkIdentifier identifier =
        new BulkIdentifier(
            new InboxReader(s3, bucket, limits.maxBytes()),
            new ImageDecoder(limits),
            new DynamoIdentificationStore(dynamo, identifications),
            5,
            16,
            Executors.newFixedThreadPool(threads, DaemonThreads.named("bulk-run-worker")),
            clock);
    this.steps =
        BulkSteps.table(
            new BulkSteps.Collaborators(
                new DynamoModelRegistry(dynamo, modelsTable, clock),
                new ModelRepository(s3, bucket),
                identifier,
                new DynamoRunStore(dynamo, runsTable),
                clock));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode request = TaskRoutes.JSON.readTree(input);
    Object result;
    try {
      result = TaskRoutes.run(steps, request);
    } catch (RuntimeException e) {
      throw Failures.named(e);
    }
    TaskRoutes.JSON.writeValue(output, result);
  }
}
