package dev.menagerie.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelMetrics;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.local.cli.OutsideTool;
import dev.menagerie.tests.OutsideTools;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./menagerie --stack NAME}: the CLI reads a deployed stack's outputs from CloudFormation
 * and talks to its tables and bucket with the default credential chain. AWS is stood in for by
 * moto's server (CloudFormation, DynamoDB, S3), reached through {@code AWS_ENDPOINT_URL}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployedStackCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STACK = "menagerie-cli-test";
  private static final String TEMPLATE =
      """
      Resources:
        ModelsTable:
          Type: AWS::DynamoDB::Table
          Properties:
            BillingMode: PAY_PER_REQUEST
            AttributeDefinitions:
              - {AttributeName: pk, AttributeType: S}
              - {AttributeName: sk, AttributeType: S}
            KeySchema:
              - {AttributeName: pk, KeyType: HASH}
              - {AttributeName: sk, KeyType: RANGE}
        RunsTable:
          Type: AWS::DynamoDB::Table
          Properties:
            BillingMode: PAY_PER_REQUEST
            AttributeDefinitions:
              - {AttributeName: kind, AttributeType: S}
              - {AttributeName: runId, AttributeType: S}
            KeySchema:
              - {AttributeName: kind, KeyType: HASH}
              - {AttributeName: runId, KeyType: RANGE}
        Bucket:
          Type: AWS::S3::Bucket
      Outputs:
        ApiUrl: {Value: "API_URL"}
        BucketName: {Value: !Ref Bucket}
        ModelsTableName: {Value: !Ref ModelsTable}
        RunsTableName: {Value: !Ref RunsTable}
      """;

  private Process moto;
  private com.sun.net.httpserver.HttpServer api;
  private final List<Map<String, Object>> apiCalls =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private URI endpoint;
  private Path data;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    data = dir;
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path motoServer =
        OutsideTools.required(
            OutsideTool.MOTO_SERVER,
            "DeployedStackCliTest runs AWS (CloudFormation, DynamoDB, S3) on it");
    moto =
        new ProcessBuilder(motoServer.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("moto.log").toFile())
            .start();
    endpoint = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        assertThat(moto.isAlive()).as("moto_server is running").isTrue();
        assertThat(System.nanoTime()).as("moto_server listens within 30 s").isLessThan(deadline);
        Thread.sleep(200);
      }
    }
    // the stack's HTTP API, played by a server that records what reaches it
    api =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        exchange -> {
          Map<String, Object> call = new java.util.HashMap<>();
          call.put("method", exchange.getRequestMethod());
          call.put("uri", exchange.getRequestURI().toString());
          call.put("headers", new java.util.HashMap<>(exchange.getRequestHeaders()));
          call.put("body", exchange.getRequestBody().readAllBytes());
          apiCalls.add(call);
          byte[] answer =
              "{\"modelVersion\":\"v9\",\"predictions\":[{\"label\":\"cat\",\"confidence\":0.9}]}"
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    api.start();
    String template =
        TEMPLATE.replace("API_URL", "http://127.0.0.1:" + api.getAddress().getPort() + "/prod");
    try (CloudFormationClient cfn = cloudFormation()) {
      cfn.createStack(b -> b.stackName(STACK).templateBody(template));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (api != null) {
      api.stop(0);
    }
    if (moto != null) {
      moto.destroy();
      moto.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void modelsPromoteRollbackAndLibraryPut_shouldWorkAgainstTheStack() throws Exception {
    Map<String, String> outputs = outputs();
    AwsSettings aws =
        new AwsSettings(
            "us-east-1",
            Optional.of(endpoint),
            Optional.of(endpoint),
            Optional.of("testing"),
            Optional.of("testing"),
            Optional.empty());

    // GIVEN two registered versions in the stack's Models table
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(aws)) {
      DynamoModelRegistry registry =
          new DynamoModelRegistry(dynamo, outputs.get("ModelsTableName"), Clock.systemUTC());
      for (String v : List.of("v1", "v2")) {
        registry.register(
            new ModelRecord(
                v,
                ModelStatus.CANDIDATE,
                "models/" + v + "/",
                "test",
                Optional.empty(),
                Instant.parse("2026-11-29T00:00:00Z"),
                ModelMetrics.NONE));
      }
    }

    // WHEN the engineer promotes and rolls back with --stack
    assertThat(cli("promote", "v1").exit()).isZero();
    assertThat(cli("promote", "v2").exit()).isZero();
    Result rollback = cli("rollback");
    JsonNode models = JSON.readTree(last(cli("models", "--json").output()));

    // THEN the stack's registry moved, with its log
    assertThat(rollback.output()).contains("v2 -> v1");
    assertThat(models.path("production").asText()).isEqualTo("v1");
    assertThat(models.path("promotions")).hasSize(3);

    // AND library put uploads to the stack's bucket
    Path library = Files.createDirectories(data.resolve("lib/cat"));
    Files.write(library.resolve("a.jpg"), new byte[] {1, 2, 3});
    assertThat(cli("library", "put", data.resolve("lib").toString()).exit()).isZero();
    try (S3Client s3 = AwsClients.s3(aws)) {
      assertThat(
              s3.getObjectAsBytes(b -> b.bucket(outputs.get("BucketName")).key("library/cat/a.jpg"))
                  .asByteArray())
          .containsExactly(1, 2, 3);
    }

    // AND classify goes to the stack's API, signed with SigV4 for execute-api
    Result classify = cli("classify", library.resolve("a.jpg").toString());
    assertThat(classify.exit()).as(classify.output()).isZero();
    assertThat(classify.output()).contains("cat 0.900", "[v9]");
    Map<String, Object> call = apiCalls.get(apiCalls.size() - 1);
    assertThat(call.get("method")).isEqualTo("POST");
    assertThat(call.get("uri")).isEqualTo("/prod/classify?topK=3");
    @SuppressWarnings("unchecked")
    Map<String, List<String>> headers = (Map<String, List<String>>) call.get("headers");
    String authorization = headers.get("Authorization").get(0);
    assertThat(authorization)
        .startsWith("AWS4-HMAC-SHA256 Credential=testing/")
        .contains("/us-east-1/execute-api/aws4_request", "SignedHeaders=", "host", "x-amz-date");
    // the signature is that of exactly the request that arrived (method, path, query, body)
    String date = headers.get("X-amz-date").get(0);
    Instant signedAt =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .parse(date, Instant::from);
    byte[] body = (byte[]) call.get("body");
    String expected =
        software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                "testing", "testing"))
                        .request(
                            software.amazon.awssdk.http.SdkHttpRequest.builder()
                                .uri(
                                    URI.create(
                                        "http://127.0.0.1:"
                                            + api.getAddress().getPort()
                                            + call.get("uri")))
                                .method(software.amazon.awssdk.http.SdkHttpMethod.POST)
                                .putHeader("Content-Type", headers.get("Content-type").get(0))
                                .build())
                        .payload(
                            software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(body))
                        .putProperty(
                            software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner
                                .SERVICE_SIGNING_NAME,
                            "execute-api")
                        .putProperty(
                            software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME,
                            "us-east-1")
                        .putProperty(
                            software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner
                                .SIGNING_CLOCK,
                            java.time.Clock.fixed(signedAt, java.time.ZoneOffset.UTC)))
            .request()
            .firstMatchingHeader("Authorization")
            .orElseThrow();
    assertThat(authorization).isEqualTo(expected);
    Result unknown = cli("models", "--stack", "no-such-stack");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.output()).contains("no-such-stack");
  }

  private Map<String, String> outputs() {
    try (CloudFormationClient cfn = cloudFormation()) {
      Map<String, String> outputs = new java.util.HashMap<>();
      cfn.describeStacks(b -> b.stackName(STACK))
          .stacks()
          .get(0)
          .outputs()
          .forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
      return outputs;
    }
  }

  private CloudFormationClient cloudFormation() {
    return CloudFormationClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .credentialsProvider(
            () ->
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                    "testing", "testing"))
        .build();
  }

  private record Result(int exit, String output) {}

  private Result cli(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(LocalCloudExtension.repositoryRoot().resolve("menagerie").toString());
    command.addAll(List.of(args));
    if (!command.contains("--stack")) {
      command.addAll(List.of("--stack", STACK, "--region", "us-east-1"));
    }
    Path log = Files.createTempFile(data, "cli-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("MENAGERIE_NO_BUILD", "1");
    builder.environment().put("AWS_ENDPOINT_URL", endpoint.toString());
    builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
    builder.environment().put("AWS_REGION", "us-east-1");
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);
    System.out.println("$ ./menagerie " + String.join(" ", args) + "\n" + output);
    return new Result(process.exitValue(), output);
  }

  private static String last(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }
}
