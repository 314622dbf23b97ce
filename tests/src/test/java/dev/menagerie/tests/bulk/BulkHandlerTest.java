package dev.menagerie.tests.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.bulk.BulkHandler;
import dev.menagerie.common.store.Identification;
import dev.menagerie.local.api.LocalContext;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.tests.TestImages;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import dev.menagerie.tests.template.RepositoryRoot;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** The bulk handler driven by the sample SQS events in {@code events/sqs/}. */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkHandlerTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final LocalCloud cloud;
  private BulkFixture fixture;
  private BulkHandler handler;

  BulkHandlerTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void start() {
    fixture = new BulkFixture(cloud);
    cloud
        .s3()
        .putObject(
            b -> b.bucket(fixture.bucket).key("inbox/samples/red.jpg"),
            RequestBody.fromBytes(TestImages.jpeg(64, 64, Color.RED)));
    handler = new BulkHandler(fixture.environment("BulkFunction"));
  }

  @Test
  void inboxEvent_shouldIdentifyRecordMissingAndIgnoreTheTestEvent() throws IOException {
    // WHEN the sample batch arrives: red.jpg, a deleted "My Photo(1).jpg", S3's test event
    SQSBatchResponse response = handler.handleRequest(event("bulk-inbox.json"), context());

    // THEN nothing is retried, red.jpg is identified and the deleted object recorded
    assertThat(response.getBatchItemFailures()).isEmpty();
    Identification red =
        fixture
            .store
            .get("samples", ModelInstaller.SAMPLE_VERSION, "inbox/samples/red.jpg")
            .orElseThrow();
    assertThat(red.status()).isEqualTo(Identification.Status.IDENTIFIED);
    assertThat(red.top().orElseThrow().label()).isEqualTo("red");
    Identification gone =
        fixture
            .store
            .get("samples", ModelInstaller.SAMPLE_VERSION, "inbox/samples/My Photo(1).jpg")
            .orElseThrow();
    assertThat(gone.status()).isEqualTo(Identification.Status.MISSING);
  }

  @Test
  void malformedMessage_shouldFailAloneSoItReachesTheDeadLetterQueue() throws IOException {
    SQSBatchResponse response = handler.handleRequest(event("bulk-malformed.json"), context());

    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("059f36b4-87a3-44ab-83d2-661974910004");
  }

  private static SQSEvent event(String name) throws IOException {
    JsonNode root = JSON.readTree(RepositoryRoot.path().resolve("events/sqs/" + name).toFile());
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (JsonNode record : root.path("Records")) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(record.path("messageId").asText());
      message.setReceiptHandle(record.path("receiptHandle").asText());
      message.setBody(record.path("body").asText());
      message.setEventSource(record.path("eventSource").asText());
      message.setEventSourceArn(record.path("eventSourceARN").asText());
      messages.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }

  private static LocalContext context() {
    return new LocalContext("test-request", "BulkFunction", 3008);
  }
}
