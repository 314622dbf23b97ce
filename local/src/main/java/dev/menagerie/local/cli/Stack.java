package dev.menagerie.local.cli;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.cloudformation.model.Output;

/**
 * A deployed stack, named with {@code --stack NAME} (and {@code --region R}): its outputs replace
 * the local cloud's endpoints.json, and the AWS clients use the default credential chain. {@code
 * AWS_ENDPOINT_URL} points every client at an emulator instead (the tests use moto).
 */
final class Stack {
  /** The outputs of a deployed stack that the CLI uses. */
  record Deployed(String name, String region, Map<String, String> outputs, Endpoints endpoints) {
    String output(String key) {
      String value = outputs.get(key);
      if (value == null || value.isBlank()) {
        throw new UsageException("stack " + name + " has no output " + key);
      }
      return value;
    }
  }

  private Stack() {}

  /** Reads the stack's outputs (CloudFormation DescribeStacks). */
  static Deployed read(String name, Optional<String> region) {
    String regionName =
        region
            .or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
            .or(() -> Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION")))
            .orElse("us-east-1");
    CloudFormationClientBuilder builder =
        CloudFormationClient.builder().region(Region.of(regionName));
    Optional<URI> emulator = emulator();
    emulator.ifPresent(builder::endpointOverride);
    Map<String, String> outputs = new LinkedHashMap<>();
    try (CloudFormationClient cloudFormation = builder.build()) {
      software.amazon.awssdk.services.cloudformation.model.Stack stack =
          cloudFormation.describeStacks(b -> b.stackName(name)).stacks().stream()
              .findFirst()
              .orElseThrow(() -> new UsageException("no stack " + name + " in " + regionName));
      for (Output o : stack.outputs()) {
        outputs.put(o.outputKey(), o.outputValue());
      }
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw new UsageException(
          "cannot read stack " + name + " in " + regionName + ": " + e.getMessage());
    }
    Map<String, String> tables = new LinkedHashMap<>();
    for (String table :
        new String[] {
          "TransactionsTable",
          "ModelsTable",
          "RunsTable",
          "EvaluationsTable",
          "RollupsTable",
          "IdentificationsTable"
        }) {
      Optional.ofNullable(outputs.get(table + "Name")).ifPresent(v -> tables.put(table, v));
    }
    String endpoint = emulator.map(URI::toString).orElse(null);
    Endpoints endpoints =
        new Endpoints(
            outputs.get("ApiUrl"),
            endpoint,
            endpoint,
            regionName,
            outputs.get("BucketName"),
            tables,
            null,
            null,
            0);
    return new Deployed(name, regionName, outputs, endpoints);
  }

  /** {@code AWS_ENDPOINT_URL}, when set: every client talks to that emulator. */
  static Optional<URI> emulator() {
    String url = System.getenv("AWS_ENDPOINT_URL");
    return url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url));
  }
}
