package dev.menagerie.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3EventMessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EVENTS = Path.of("../../events/sqs");

  @Test
  void sampleInboxEvent_shouldNameEachCreatedObjectWithItsKeyDecoded() throws IOException {
    // GIVEN the sample SQS batch: a plain key, a URL-encoded key and S3's test event
    List<String> bodies = bodies("bulk-inbox.json");
    assertThat(bodies).hasSize(3);
    // WHEN each body is read
    List<InboxObject> objects = new ArrayList<>();
    bodies.forEach(b -> objects.addAll(S3EventMessages.objects(b)));
    // THEN the keys are decoded ('+' is a space, %28 a parenthesis), with ETag and size; the test
    // event names nothing
    assertThat(objects)
        .containsExactly(
            new InboxObject("inbox/samples/red.jpg", "0123456789abcdef0123456789abcdef", 1024),
            new InboxObject(
                "inbox/samples/My Photo(1).jpg", "fedcba9876543210fedcba9876543210", 2048));
    assertThat(S3EventMessages.objects(bodies.get(2))).isEmpty();
  }

  @Test
  void recordsOtherThanObjectCreated_shouldBeIgnored() {
    String body =
        "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"s3\":{\"object\":{\"key\":\"inbox/a/x.jpg\"}}},"
            + "{\"eventName\":\"ObjectCreated:Copy\",\"s3\":{\"object\":{\"key\":\"inbox/a/a%2Bb.jpg\"}}}]}";
    assertThat(S3EventMessages.objects(body))
        .containsExactly(new InboxObject("inbox/a/a+b.jpg", "", -1));
  }

  @Test
  void malformedBodies_shouldBeRefusedSayingWhatIsWrong() throws IOException {
    assertThat(bodies("bulk-malformed.json"))
        .anySatisfy(
            b ->
                assertThatThrownBy(() -> S3EventMessages.objects(b))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the message is not JSON"));
    assertThatThrownBy(() -> S3EventMessages.objects("[1]"))
        .hasMessage("the message is not a JSON object");
    assertThatThrownBy(() -> S3EventMessages.objects(null))
        .hasMessage("the message is not a JSON object");
    assertThatThrownBy(() -> S3EventMessages.objects("{\"Records\":{}}"))
        .hasMessage("the message has no Records array");
    assertThatThrownBy(
            () ->
                S3EventMessages.objects(
                    "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"object\":{}}}]}"))
        .hasMessage("a record has no s3.object.key");
  }

  @Test
  void inboxObject_shouldTakeItsCollectionFromTheKeyAndStripETagQuotes() {
    assertThat(new InboxObject("inbox/field/a/b.jpg", "\"abc\"", 1).collection())
        .isEqualTo("field");
    assertThat(new InboxObject("inbox/a.jpg", null, 1).collection()).isEqualTo("default");
    assertThat(new InboxObject("inbox/a.jpg", "\"abc\"", 1).etag()).isEqualTo("abc");
    assertThat(new InboxObject("inbox/a.jpg", null, 1).etag()).isEmpty();
  }

  private static List<String> bodies(String file) throws IOException {
    JsonNode root = JSON.readTree(Files.readString(EVENTS.resolve(file)));
    List<String> bodies = new ArrayList<>();
    root.path("Records").forEach(r -> bodies.add(r.path("body").asText()));
    return bodies;
  }
}
