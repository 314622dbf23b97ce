package dev.menagerie.common.config;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the SDK clients once per container. S3 gets the URL-connection HTTP client, which starts
 * fastest; DynamoDB, called on every classify request (the transaction write comes after inference,
 * so it adds to the answer's latency), gets Apache HttpClient 5: measured locally, a PutItem took
 * 1.2-1.6 ms back to back and 2.8-3.9 ms right after a cache-flushing run, against 2.3-3.5 and
 * 3.8-5.1 ms over URLConnection, for about 0.2 s more to build the client in a fresh JVM. Endpoint
 * overrides (the local cloud) switch S3 to path-style addressing.
 */
public final class AwsClients {
  /**
   * The most attempts at one DynamoDB call. The SDK's default for DynamoDB (up to nine attempts,
   * with back-off after throttling) gave no answer within the functions' 30 s timeout and API
   * Gateway's 30 s under sustained throttling (DynamoFaultsTest): the caller got a gateway timeout
   * instead of a retryable 503.
   */
  public static final int DYNAMO_MAX_ATTEMPTS = 5;

  /** One DynamoDB call, retries included, ends within this (then fails, as a 503 to callers). */
  public static final Duration DYNAMO_CALL_TIMEOUT = Duration.ofSeconds(12);

  /** One attempt ends within this: a hung connection is retried, not waited on for 30 s. */
  public static final Duration DYNAMO_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

  private AwsClients() {}

  public static DynamoDbClient dynamoDb(AwsSettings aws) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .region(Region.of(aws.region()))
            .credentialsProvider(credentials(aws))
            .httpClientBuilder(Apache5HttpClient.builder())
            .overrideConfiguration(
                c ->
                    c.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(DYNAMO_MAX_ATTEMPTS)
                                .build())
                        .apiCallTimeout(DYNAMO_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(DYNAMO_ATTEMPT_TIMEOUT));
    aws.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public static S3Client s3(AwsSettings aws) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(aws.region()))
            .credentialsProvider(credentials(aws))
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    aws.s3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return builder.build();
  }

  /**
   * Static keys from the environment map only for the local cloud (an endpoint override is set). On
   * Lambda the default chain is right: with SnapStart the keys come from the container credentials
   * endpoint after restore, not from variables captured in the snapshot.
   */
  private static AwsCredentialsProvider credentials(AwsSettings aws) {
    boolean local = aws.dynamoDbEndpoint().isPresent() || aws.s3Endpoint().isPresent();
    if (local && aws.accessKeyId().isPresent() && aws.secretAccessKey().isPresent()) {
      if (aws.sessionToken().isPresent()) {
        return StaticCredentialsProvider.create(
            AwsSessionCredentials.create(
                aws.accessKeyId().get(), aws.secretAccessKey().get(), aws.sessionToken().get()));
      }
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(aws.accessKeyId().get(), aws.secretAccessKey().get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
