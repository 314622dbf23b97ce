package dev.menagerie.tests.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.common.store.Identification;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.local.inbox.InboxWatcher;
import dev.menagerie.local.inbox.LocalInbox;
import dev.menagerie.tests.TestImages;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The inbox flow on the local cloud, wired as template.yaml says (notification prefix, queue with
 * redrive policy, event source batch size, the bulk function): a few hundred synthetic images, some
 * corrupt, dropped into the inbox all end identified or recorded as errors.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkIdentificationTest {
  private static final int IMAGES = 270;
  private static final int CORRUPT = 20;
  private static final int NOT_IMAGES = 10;
  private static final Color[] PALETTE = {
    Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW, Color.WHITE, Color.BLACK
  };
  private static final String[] NAMES = {"red", "green", "blue", "yellow", "white", "black"};
  private static final LocalInbox.Options FAST =
      new LocalInbox.Options(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(20));

  private final LocalCloud cloud;
  private BulkFixture fixture;
  private LocalInbox inbox;
  private final String collection = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, String> expectedLabel = new LinkedHashMap<>();
  private double imagesPerSecond;

  BulkIdentificationTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void dropAFewHundredImagesIntoTheInbox() throws InterruptedException {
    // GIVEN 270 small JPEGs and PNGs of the palette's colours, 20 truncated JPEGs, 10 text files
    fixture = new BulkFixture(cloud);
    Random random = new Random(42);
    for (int i = 0; i < IMAGES; i++) {
      int c = random.nextInt(PALETTE.length);
      byte[] bytes =
          i % 3 == 0 ? TestImages.png(40, 30, PALETTE[c]) : TestImages.jpeg(48, 48, PALETTE[c]);
      String key = "inbox/" + collection + "/img-" + i + (i % 3 == 0 ? ".png" : ".jpg");
      put(key, bytes);
      expectedLabel.put(key, NAMES[c]);
    }
    for (int i = 0; i < CORRUPT; i++) {
      put("inbox/" + collection + "/corrupt-" + i + ".jpg", TestImages.truncatedJpeg());
    }
    for (int i = 0; i < NOT_IMAGES; i++) {
      put(
          "inbox/" + collection + "/notes-" + i + ".txt",
          ("note " + i).getBytes(StandardCharsets.UTF_8));
    }

    // WHEN the local inbox announces them and the bulk function consumes the queue
    inbox = LocalInbox.create(cloud, fixture.overrides(), FAST);
    long t0 = System.nanoTime();
    assertThat(inbox.drain(Duration.ofSeconds(120))).as("the queue emptied").isTrue();
    imagesPerSecond = (IMAGES + CORRUPT + NOT_IMAGES) / ((System.nanoTime() - t0) / 1e9);
    System.out.printf(
        "bulk identification on the local cloud: %d objects at %.1f objects/s%n",
        IMAGES + CORRUPT + NOT_IMAGES, imagesPerSecond);
  }

  @AfterAll
  void stop() {
    if (inbox != null) {
      inbox.close();
    }
  }

  @Test
  void templateWiring_shouldBeWhatTheLocalInboxRuns() {
    LocalInbox.Wiring wiring = inbox.wiring();
    assertThat(wiring.prefix()).isEqualTo("inbox/");
    assertThat(wiring.functionId()).isEqualTo("BulkFunction");
    assertThat(wiring.deadLetterQueueId()).isEqualTo("InboxDeadLetterQueue");
    assertThat(wiring.maxReceiveCount()).isEqualTo(5);
    assertThat(wiring.batchSize()).isEqualTo(10);
  }

  @Test
  void everyObject_shouldEndWithAResultOrARecordedError() {
    List<Identification> results = results(ModelInstaller.SAMPLE_VERSION);
    assertThat(results).hasSize(IMAGES + CORRUPT + NOT_IMAGES);
    Map<Identification.Status, Long> byStatus =
        results.stream()
            .collect(Collectors.groupingBy(Identification::status, Collectors.counting()));
    assertThat(byStatus)
        .containsEntry(Identification.Status.IDENTIFIED, (long) IMAGES)
        .containsEntry(Identification.Status.ERROR, (long) (CORRUPT + NOT_IMAGES));
    for (Identification r : results) {
      if (r.objectKey().contains("/corrupt-")) {
        assertThat(r.errorCode()).hasValue("CORRUPT_IMAGE");
      } else if (r.objectKey().endsWith(".txt")) {
        assertThat(r.errorCode()).hasValue("NOT_AN_IMAGE");
      } else {
        assertThat(r.top().orElseThrow().label())
            .as(r.objectKey())
            .isEqualTo(expectedLabel.get(r.objectKey()));
        assertThat(r.topK()).hasSize(5);
        assertThat(r.collection()).isEqualTo(collection);
        assertThat(r.etag()).isNotEmpty();
      }
    }
    assertThat(inbox.deadLetters().size()).isZero();
  }

  @Test
  void redeliveredEvents_shouldAddNothing() throws InterruptedException {
    // GIVEN the results as they stand
    Map<String, String> before = snapshot(ModelInstaller.SAMPLE_VERSION);

    // WHEN every event is delivered again (as SQS at-least-once delivery may)
    for (S3Object object : objects()) {
      inbox
          .queue()
          .send(InboxWatcher.event(fixture.bucket, object.key(), object.eTag(), object.size()));
    }
    assertThat(inbox.drain(Duration.ofSeconds(60))).isTrue();

    // THEN nothing was added or rewritten
    assertThat(snapshot(ModelInstaller.SAMPLE_VERSION)).isEqualTo(before);
    assertThat(inbox.deadLetters().size()).isZero();
  }

  @Test
  void objectDeletedBeforeProcessing_shouldBeRecordedNotFailed() throws InterruptedException {
    String key = "inbox/" + collection + "-gone/vanished.jpg";
    inbox.queue().send(InboxWatcher.event(fixture.bucket, key, "0123abcd", 1234));
    assertThat(inbox.drain(Duration.ofSeconds(30))).isTrue();

    Identification result =
        fixture.store.get(collection + "-gone", ModelInstaller.SAMPLE_VERSION, key).orElseThrow();
    assertThat(result.status()).isEqualTo(Identification.Status.MISSING);
    assertThat(inbox.deadLetters().size()).isZero();
  }

  @Test
  void transientFault_shouldBeRetriedThenDeadLettered() throws InterruptedException {
    // GIVEN a bulk function whose table does not exist: every write fails, as in an outage
    Map<String, String> broken = new LinkedHashMap<>(fixture.overrides());
    broken.put("IDENTIFICATIONS_TABLE", "no-such-table-" + UUID.randomUUID());
    try (LocalInbox failing =
        LocalInbox.create(
            cloud,
            broken,
            // a visibility timeout well above the handler's time, so that a slow machine does not
            // see a delivery time out (and come back) while the handler still works on it
            new LocalInbox.Options(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ZERO))) {
      S3Object one = objects().get(0);
      failing.queue().send(InboxWatcher.event(fixture.bucket, one.key(), one.eTag(), one.size()));

      // WHEN the queue is worked until it is empty
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int invocations = 0;
      while (failing.queue().size() > 0 && System.nanoTime() < deadline) {
        if (failing.eventSource().pollOnce(Duration.ofMillis(50)).isPresent()) {
          invocations++;
        }
      }

      // THEN it was tried maxReceiveCount times, then moved to the dead-letter queue
      assertThat(invocations).isEqualTo(5);
      assertThat(failing.deadLetters().size()).isEqualTo(1);
      assertThat(failing.deadLetters().peekBodies().get(0)).contains(one.key());
    }
  }

  @Test
  void secondModelVersion_shouldLeaveBothVersionsResults() throws InterruptedException {
    // GIVEN the inbox identified with production; WHEN identified again with a second version
    Map<String, String> before = snapshot(ModelInstaller.SAMPLE_VERSION);
    Map<String, String> v2 = new LinkedHashMap<>(fixture.overrides());
    v2.put("MODEL_VERSION_OVERRIDE", BulkFixture.SECOND_VERSION);
    try (LocalInbox second = LocalInbox.create(cloud, v2, FAST)) {
      assertThat(second.drain(Duration.ofSeconds(120))).isTrue();
    }

    // THEN both versions' results are there, each complete, the first untouched
    assertThat(results(BulkFixture.SECOND_VERSION)).hasSize(IMAGES + CORRUPT + NOT_IMAGES);
    assertThat(snapshot(ModelInstaller.SAMPLE_VERSION)).isEqualTo(before);
    assertThat(results(BulkFixture.SECOND_VERSION))
        .allSatisfy(r -> assertThat(r.modelVersion()).isEqualTo(BulkFixture.SECOND_VERSION));
    // AND the second version, served as int8, labels the images as the fp32 production model does
    assertThat(fixture.registry.get(BulkFixture.SECOND_VERSION).orElseThrow().precision())
        .isEqualTo("int8");
    Map<String, String> fp32Labels = topLabels(ModelInstaller.SAMPLE_VERSION);
    Map<String, String> int8Labels = topLabels(BulkFixture.SECOND_VERSION);
    long same =
        fp32Labels.entrySet().stream()
            .filter(e -> e.getValue().equals(int8Labels.get(e.getKey())))
            .count();
    assertThat(fp32Labels).hasSize(IMAGES);
    assertThat(same).as("int8 labels equal to fp32's").isGreaterThanOrEqualTo(IMAGES * 95L / 100);
  }

  @Test
  void throughput_shouldBeMeasured() {
    assertThat(imagesPerSecond).isPositive();
  }

  private List<Identification> results(String version) {
    return fixture.store.byCollection(collection, version, 10_000);
  }

  /** Key -> top label, for the identified images of a version. */
  private Map<String, String> topLabels(String version) {
    Map<String, String> map = new LinkedHashMap<>();
    results(version).stream()
        .filter(r -> !r.topK().isEmpty())
        .forEach(r -> map.put(r.objectKey(), r.topK().get(0).label()));
    return map;
  }

  /** Key -> ETag and time written: any rewrite changes it. */
  private Map<String, String> snapshot(String version) {
    Map<String, String> map = new LinkedHashMap<>();
    results(version)
        .forEach(r -> map.put(r.objectKey(), r.etag() + "@" + r.identifiedAt() + "#" + r.status()));
    return map;
  }

  private List<S3Object> objects() {
    return cloud
        .s3()
        .listObjectsV2Paginator(b -> b.bucket(fixture.bucket).prefix("inbox/" + collection + "/"))
        .contents()
        .stream()
        .toList();
  }

  private void put(String key, byte[] bytes) {
    cloud.s3().putObject(b -> b.bucket(fixture.bucket).key(key), RequestBody.fromBytes(bytes));
  }
}
