package dev.menagerie.local.cli;

import dev.menagerie.common.config.AwsClients;
import dev.menagerie.local.cloud.CloudAccess;
import dev.menagerie.local.cloud.FunctionLogs;
import dev.menagerie.local.cloud.LocalResources;
import dev.menagerie.local.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local cloud a running {@code ./menagerie up} serves, seen from another process through its
 * endpoints.json: functions run in this process against its DynamoDB and S3, and write their logs
 * and metrics where the running cloud's functions do, under its data directory ({@link
 * FunctionLogs}). (Template parameters given to {@code up} with --param are not known here; the
 * defaults apply.)
 */
final class RunningCloud implements CloudAccess, AutoCloseable {
  private final LocalResources resources;
  private final Endpoints endpoints;
  private final S3Client s3;

  RunningCloud(Path repoRoot, Path dataDir, Endpoints endpoints) throws IOException {
    FunctionLogs.routeUnder(dataDir);
    this.resources = new LocalResources(Template.read(repoRoot.resolve("template.yaml")), Map.of());
    this.endpoints = endpoints;
    this.s3 = AwsClients.s3(endpoints.aws());
  }

  @Override
  public LocalResources resources() {
    return resources;
  }

  @Override
  public S3Client s3() {
    return s3;
  }

  @Override
  public Map<String, String> functionEnvironment(String functionId) {
    Map<String, String> environment =
        new LinkedHashMap<>(resources.functionEnvironment(functionId));
    environment.put("AWS_REGION", endpoints.region());
    environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamoDbEndpoint());
    environment.put("AWS_ENDPOINT_URL_S3", endpoints.s3Endpoint());
    environment.put("AWS_ACCESS_KEY_ID", endpoints.accessKeyId());
    environment.put("AWS_SECRET_ACCESS_KEY", endpoints.secretAccessKey());
    return environment;
  }

  @Override
  public void close() {
    s3.close();
  }
}
