package dev.menagerie.local.cloud;

import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.local.template.Template;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local cloud: dynalite and S3Mock with the tables and bucket of template.yaml. In memory when
 * no data directory is given (tests), on disk under it otherwise (a local session, whose functions'
 * logs and metrics go to files under it: {@link FunctionLogs}).
 */
public final class LocalCloud implements AutoCloseable, CloudAccess {
  public static final String ACCESS_KEY = "local";
  public static final String SECRET_KEY = "local-secret";

  private final LocalResources resources;
  private final Dynalite dynalite;
  private final S3Mock s3Mock;
  private final DynamoDbClient dynamo;
  private final S3Client s3;

  private LocalCloud(LocalResources resources, Dynalite dynalite, S3Mock s3Mock) {
    this.resources = resources;
    this.dynalite = dynalite;
    this.s3Mock = s3Mock;
    AwsSettings aws = awsSettings();
    this.dynamo = AwsClients.dynamoDb(aws);
    this.s3 = AwsClients.s3(aws);
  }

  /** Starts both stand-ins and creates what the template declares (existing tables are kept). */
  public static LocalCloud start(
      Path repoRoot, Optional<Path> dataDir, Map<String, String> parameters) throws IOException {
    dataDir.ifPresent(FunctionLogs::routeUnder);
    Template template = Template.read(repoRoot.resolve("template.yaml"));
    LocalResources resources = new LocalResources(template, parameters);
    Dynalite dynalite = Dynalite.start(repoRoot, dataDir.map(d -> d.resolve("dynamodb")), 0);
    S3Mock s3Mock;
    try {
      s3Mock = S3Mock.start(resources.bucketNames(), dataDir.map(d -> d.resolve("s3")), 0);
    } catch (RuntimeException | Error e) {
      dynalite.close();
      throw e;
    }
    LocalCloud cloud = new LocalCloud(resources, dynalite, s3Mock);
    try {
      cloud.createTables();
    } catch (RuntimeException | Error e) {
      cloud.close();
      throw e;
    }
    return cloud;
  }

  @Override
  public LocalResources resources() {
    return resources;
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  @Override
  public S3Client s3() {
    return s3;
  }

  public URI dynamoEndpoint() {
    return dynalite.endpoint();
  }

  public URI s3Endpoint() {
    return s3Mock.endpoint();
  }

  public AwsSettings awsSettings() {
    return new AwsSettings(
        LocalResources.REGION,
        Optional.of(dynalite.endpoint()),
        Optional.of(s3Mock.endpoint()),
        Optional.of(ACCESS_KEY),
        Optional.of(SECRET_KEY),
        Optional.empty());
  }

  /** The variables that point the SDK at this local cloud. */
  public Map<String, String> awsEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("AWS_REGION", LocalResources.REGION);
    environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
    environment.put("AWS_ENDPOINT_URL_S3", s3Mock.endpoint().toString());
    environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    environment.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    return environment;
  }

  /** What a function's code sees: its template environment plus the local AWS settings. */
  @Override
  public Map<String, String> functionEnvironment(String functionId) {
    Map<String, String> environment =
        new LinkedHashMap<>(resources.functionEnvironment(functionId));
    environment.putAll(awsEnvironment());
    return environment;
  }

  private void createTables() {
    for (String id : resources.tableIds()) {
      try {
        dynamo.createTable(tableRequest(id, resources.tableName(id)));
      } catch (ResourceInUseException alreadyThere) {
        // a session on disk keeps its tables
      }
      awaitActive(resources.tableName(id));
    }
  }

  /**
   * Creates another table with the schema the template gives {@code logicalId}, for tests that need
   * state of their own (a registry with no production alias, say).
   */
  public String createTableLike(String logicalId, String tableName) {
    dynamo.createTable(tableRequest(logicalId, tableName));
    awaitActive(tableName);
    return tableName;
  }

  /**
   * Dynalite answers CreateTable with CREATING and turns the table ACTIVE a moment later; an item
   * written in between gets ResourceNotFound (seen on a loaded machine). The SDK's waiter would
   * sleep 20 s between looks, so look every 10 ms.
   */
  private void awaitActive(String tableName) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (dynamo.describeTable(b -> b.tableName(tableName)).table().tableStatus()
        != TableStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("table " + tableName + " did not become ACTIVE in 10 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating " + tableName, e);
      }
    }
  }

  private CreateTableRequest tableRequest(String logicalId, String tableName) {
    Map<String, Object> properties = resources.template().properties(logicalId);
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (Object a : list(properties.get("AttributeDefinitions"))) {
      Map<String, Object> attribute = map(a);
      attributes.add(
          AttributeDefinition.builder()
              .attributeName(String.valueOf(attribute.get("AttributeName")))
              .attributeType(String.valueOf(attribute.get("AttributeType")))
              .build());
    }
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (Object i : list(properties.get("GlobalSecondaryIndexes"))) {
      Map<String, Object> index = map(i);
      indexes.add(
          GlobalSecondaryIndex.builder()
              .indexName(String.valueOf(index.get("IndexName")))
              .keySchema(keySchema(index.get("KeySchema")))
              .projection(
                  Projection.builder()
                      .projectionType(
                          String.valueOf(
                              map(index.get("Projection")).getOrDefault("ProjectionType", "ALL")))
                      .build())
              .build());
    }
    CreateTableRequest.Builder request =
        CreateTableRequest.builder()
            .tableName(tableName)
            .attributeDefinitions(attributes)
            .keySchema(keySchema(properties.get("KeySchema")))
            .billingMode(BillingMode.PAY_PER_REQUEST);
    if (!indexes.isEmpty()) {
      request.globalSecondaryIndexes(indexes);
    }
    return request.build();
  }

  private static List<KeySchemaElement> keySchema(Object spec) {
    List<KeySchemaElement> keys = new ArrayList<>();
    for (Object k : list(spec)) {
      Map<String, Object> key = map(k);
      keys.add(
          KeySchemaElement.builder()
              .attributeName(String.valueOf(key.get("AttributeName")))
              .keyType(String.valueOf(key.get("KeyType")))
              .build());
    }
    return keys;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  @Override
  public void close() {
    try {
      dynamo.close();
      s3.close();
      s3Mock.close();
    } finally {
      dynalite.close();
    }
  }
}
