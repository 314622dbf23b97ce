package dev.menagerie.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class FailuresTest {
  @Test
  void throttlingAfterTheSdksRetries_shouldBeAStoreUnavailable() {
    ProvisionedThroughputExceededException throttled =
        ProvisionedThroughputExceededException.builder()
            .statusCode(400)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("ProvisionedThroughputExceededException")
                    .build())
            .build();

    RuntimeException named = Failures.named(throttled);

    assertThat(named).isExactlyInstanceOf(StoreUnavailableException.class).hasCause(throttled);
    assertThat(((MenagerieException) named).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
  }

  @Test
  void noAnswerOrA5xx_shouldBeAStoreUnavailable() {
    assertThat(Failures.named(SdkClientException.create("Read timed out")))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(Failures.named(ApiCallTimeoutException.create(12_000)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(Failures.named(DynamoDbException.builder().statusCode(500).build()))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void aClientErrorOfTheStoreOrABug_shouldBeLeftAsItIs() {
    ResourceNotFoundException missingTable =
        ResourceNotFoundException.builder()
            .statusCode(400)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build())
            .build();
    IllegalStateException bug = new IllegalStateException("bug");
    MenagerieException ours = new MenagerieException(ErrorCode.NOT_FOUND, "no such run");

    assertThat(Failures.named(missingTable)).isSameAs(missingTable);
    assertThat(Failures.named(bug)).isSameAs(bug);
    assertThat(Failures.named(ours)).isSameAs(ours);
  }
}
