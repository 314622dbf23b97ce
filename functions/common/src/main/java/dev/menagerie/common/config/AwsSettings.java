package dev.menagerie.common.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the AWS clients point. On Lambda only the region is set; the local cloud adds endpoint
 * overrides and static credentials through the same environment variables the SDK knows.
 */
public record AwsSettings(
    String region,
    Optional<URI> dynamoDbEndpoint,
    Optional<URI> s3Endpoint,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    Optional<String> sessionToken) {

  public static AwsSettings from(Settings settings) {
    return new AwsSettings(
        settings.optional("AWS_REGION", settings.optional("AWS_DEFAULT_REGION", "us-east-1")),
        settings.uri("AWS_ENDPOINT_URL_DYNAMODB"),
        settings.uri("AWS_ENDPOINT_URL_S3"),
        settings.optional("AWS_ACCESS_KEY_ID"),
        settings.optional("AWS_SECRET_ACCESS_KEY"),
        settings.optional("AWS_SESSION_TOKEN"));
  }
}
