package dev.menagerie.tests.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.Identification;
import dev.menagerie.local.api.LocalHttpApi;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Each filter, statistics, export and the archive through the local HTTP API, on a library and a
 * set of identifications built for the test (in a bucket and tables of its own), so every answer
 * can be stated exactly.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiltersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 = ModelInstaller.SAMPLE_VERSION;

  private final LocalCloud cloud;
  private final HttpClient http = HttpClient.newHttpClient();
  private BulkFixture fixture;
  private String bucket;
  private LocalHttpApi api;
  private final Map<String, byte[]> inboxBytes = new LinkedHashMap<>();

  FiltersTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void buildALibraryAndIdentifications() throws IOException {
    fixture = new BulkFixture(cloud);
    bucket = "filters-" + UUID.randomUUID().toString().substring(0, 8);
    cloud.s3().createBucket(b -> b.bucket(bucket));

    // GIVEN a library: antelope 50 real; gazelle 10 real + 2 staged (low); kangaroo 5 real,
    // 20 staged, 20 synthetic (mostly non-real); wallaby 3 synthetic (low, non-real); zebra 60
    library("antelope", "", 50);
    library("gazelle", "", 10);
    library("gazelle", "staged/", 2);
    library("kangaroo", "", 5);
    library("kangaroo", "staged/", 20);
    library("kangaroo", "synthetic/", 20);
    library("wallaby", "synthetic/", 3);
    library("zebra", "", 60);
    put("library/_meta/images.jsonl", "{}".getBytes(StandardCharsets.UTF_8));
    // AND a WebP, which the image decoder cannot read: not counted, listed as skipped
    put("library/gazelle/g-extra.webp", "RIFF\0\0\0\0WEBPVP8L".getBytes(StandardCharsets.UTF_8));

    // AND identifications under the production model, in collections field and unknown
    identify("field", "f1", "antelope", 0.95f);
    identify("field", "f2", "antelope", 0.55f);
    identify("field", "f3", "antelope", 0.30f);
    identify("field", "f4", "antelope", 0.25f);
    identify("field", "f5", "gazelle", 0.80f);
    identify("field", "f6", "gazelle", 0.40f);
    identify("field", "f7", "kangaroo", 0.90f);
    identify("field", "f8", "wallaby", 0.60f);
    identify("field", "f9", "zebra", 0.10f);
    identifyError("field", "f10");
    identify("unknown", "u1", "kangaroo", 0.85f);
    identify("unknown", "u2", "kangaroo", 0.45f);
    identify("unknown", "u3", "wallaby", 0.70f);
    identify("unknown", "u4", "antelope", 0.35f);
    identify("unknown", "u5", "zebra", 0.05f);
    // AND a second model version's result that v1 queries must not see
    write("field", "f1", BulkFixture.SECOND_VERSION, "antelope", 0.33f);

    Map<String, String> overrides = new LinkedHashMap<>(fixture.overrides());
    overrides.put("BUCKET_NAME", bucket);
    api = LocalHttpApi.start(cloud, 0, overrides);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void statistics_shouldCountByOriginAndSplitAtTheCutoff() throws Exception {
    JsonNode body = get("/library/statistics?cutoff=40&margin=0.25");
    assertThat(texts(body.path("below"))).containsExactly("wallaby", "gazelle");
    assertThat(texts(body.path("justAbove"))).containsExactly("kangaroo");
    assertThat(texts(body.path("mostlyNonReal"))).containsExactly("wallaby", "kangaroo");
    JsonNode kangaroo = body.path("classes").get(2);
    assertThat(kangaroo.path("label").asText()).isEqualTo("kangaroo");
    assertThat(kangaroo.path("real").asInt()).isEqualTo(5);
    assertThat(kangaroo.path("staged").asInt()).isEqualTo(20);
    assertThat(kangaroo.path("synthetic").asInt()).isEqualTo(20);
    assertThat(body.path("classes").get(1).path("total").asInt()).isEqualTo(12); // gazelle
    assertThat(body.path("skippedTotal").asInt()).isEqualTo(1);
    assertThat(body.path("skipped").get(0).path("key").asText()).isEqualTo("gazelle/g-extra.webp");
    assertThat(body.path("skipped").get(0).path("reason").asText())
        .startsWith("WEBP is a format the image decoder does not read");
  }

  @Test
  void lookAlikes_shouldListALabelInAConfidenceBandAcrossCollections() throws Exception {
    JsonNode body = get("/filters/look-alikes?label=antelope&min=0.2&max=0.6");
    assertThat(keys(body)).containsExactly("field/f2", "unknown/u4", "field/f3", "field/f4");
    assertThat(body.path("modelVersion").asText()).isEqualTo(V1);
    assertThat(body.path("total").asInt()).isEqualTo(4);
  }

  @Test
  void pages_shouldFollowEachOtherWithoutGapsOrOverlap() throws Exception {
    JsonNode first = get("/filters/look-alikes?label=antelope&min=0.2&max=0.6&limit=3");
    assertThat(keys(first)).containsExactly("field/f2", "unknown/u4", "field/f3");
    String next = first.path("next").asText();
    JsonNode second =
        get("/filters/look-alikes?label=antelope&min=0.2&max=0.6&limit=3&next=" + next);
    assertThat(keys(second)).containsExactly("field/f4");
    assertThat(second.path("next").isNull()).isTrue();
  }

  @Test
  void lowCount_shouldListPredictionsOfClassesBelowTheCutoffBestFirst() throws Exception {
    JsonNode body = get("/filters/low-count?cutoff=40");
    assertThat(texts(body.path("criteria").path("classes"))).containsExactly("wallaby", "gazelle");
    assertThat(keys(body)).containsExactly("field/f5", "unknown/u3", "field/f8", "field/f6");
  }

  @Test
  void syntheticHeavy_shouldListPredictionsOfMostlyStagedOrSyntheticClasses() throws Exception {
    JsonNode body = get("/filters/synthetic-heavy?share=0.5");
    assertThat(keys(body))
        .containsExactly("field/f7", "unknown/u1", "unknown/u3", "field/f8", "unknown/u2");
  }

  @Test
  void collection_shouldListOneCollectionByPredictedLabel() throws Exception {
    JsonNode body = get("/filters/collection?collection=unknown&label=kangaroo");
    assertThat(keys(body)).containsExactly("unknown/u1", "unknown/u2");
  }

  @Test
  void lowestScores_shouldSkipErrorsAndOtherModelVersions() throws Exception {
    assertThat(keys(get("/filters/lowest-scores?collection=field&below=0.5")))
        .containsExactly("field/f9", "field/f4", "field/f3", "field/f6");
    assertThat(
            keys(
                get(
                    "/filters/lowest-scores?collection=field&below=0.5&modelVersion="
                        + BulkFixture.SECOND_VERSION)))
        .containsExactly("field/f1");
  }

  @Test
  void badParameters_shouldBeRefusedWithACode() throws Exception {
    HttpResponse<String> response = send(request("/filters/look-alikes?min=0.2").GET().build());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
        .isEqualTo("INVALID_PARAMETER");
    assertThat(send(request("/filters/look-alikes?label=x&min=2").GET().build()).statusCode())
        .isEqualTo(400);
    assertThat(send(request("/filters/look-alikes?label=x&next=bogus").GET().build()).statusCode())
        .isEqualTo(400);
  }

  @Test
  void export_shouldWriteJsonLinesAndCsvManifestsToTheBucket() throws Exception {
    JsonNode jsonl =
        post(
            "/filters/export",
            Map.of(
                "filter", "look-alikes",
                "format", "jsonl",
                "params", Map.of("label", "antelope", "min", "0.2", "max", "0.6")));
    assertThat(jsonl.path("count").asInt()).isEqualTo(4);
    assertThat(jsonl.path("key").asText()).startsWith("exports/look-alikes/").endsWith(".jsonl");
    List<String> lines = read(jsonl.path("key").asText()).lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(JSON.readTree(lines.get(0)).path("key").asText()).isEqualTo("inbox/field/f2.jpg");
    assertThat(JSON.readTree(lines.get(0)).path("confidence").asDouble()).isEqualTo(0.55, within());

    JsonNode csv =
        post(
            "/filters/export",
            Map.of(
                "filter",
                "collection",
                "format",
                "csv",
                "params",
                Map.of("collection", "unknown", "label", "kangaroo")));
    assertThat(read(csv.path("key").asText()).lines().toList())
        .containsExactly(
            "key,collection,label,confidence,modelVersion,etag",
            "inbox/unknown/u1.jpg,unknown,kangaroo,0.85," + V1 + "," + etag("inbox/unknown/u1.jpg"),
            "inbox/unknown/u2.jpg,unknown,kangaroo,0.45,"
                + V1
                + ","
                + etag("inbox/unknown/u2.jpg"));
  }

  @Test
  void archive_shouldDryRunThenMoveThenRestoreByteForByte() throws Exception {
    // GIVEN the field images scoring below 0.3: f9 (0.10) and f4 (0.25)
    Map<String, Object> request = Map.of("collection", "field", "below", "0.3");

    // WHEN a dry run asks: THEN it counts them and moves nothing
    JsonNode dry = post("/archive", request);
    assertThat(dry.path("dryRun").asBoolean()).isTrue();
    assertThat(dry.path("count").asInt()).isEqualTo(2);
    assertThat(texts(dry.path("sample")))
        .containsExactly("inbox/field/f9.jpg", "inbox/field/f4.jpg");
    assertThat(exists("inbox/field/f9.jpg")).isTrue();

    // WHEN archived for real: THEN they moved, and the filters no longer see them
    Map<String, Object> real = new LinkedHashMap<>(request);
    real.put("dryRun", false);
    JsonNode moved = post("/archive", real);
    assertThat(moved.path("count").asInt()).isEqualTo(2);
    String batchId = moved.path("batchId").asText();
    for (String name : List.of("f9", "f4")) {
      assertThat(exists("inbox/field/" + name + ".jpg")).isFalse();
      assertThat(bytes("archive/field/" + name + ".jpg"))
          .isEqualTo(inboxBytes.get("inbox/field/" + name + ".jpg"));
    }
    assertThat(keys(get("/filters/lowest-scores?collection=field&below=0.5")))
        .containsExactly("field/f3", "field/f6");

    // WHEN restored: THEN the same bytes are back in the inbox and in the filters
    JsonNode restored = post("/archive/restore", Map.of("batchId", batchId));
    assertThat(restored.path("restored").asInt()).isEqualTo(2);
    for (String name : List.of("f9", "f4")) {
      assertThat(bytes("inbox/field/" + name + ".jpg"))
          .isEqualTo(inboxBytes.get("inbox/field/" + name + ".jpg"));
      assertThat(exists("archive/field/" + name + ".jpg")).isFalse();
    }
    assertThat(keys(get("/filters/lowest-scores?collection=field&below=0.5")))
        .containsExactly("field/f9", "field/f4", "field/f3", "field/f6");
  }

  @Test
  void archiveWithoutAThreshold_shouldBeRefused() throws Exception {
    HttpResponse<String> response =
        send(
            request("/archive")
                .POST(HttpRequest.BodyPublishers.ofString("{\"collection\":\"field\"}"))
                .build());
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void exportWithAParameterOfTheWrongShape_shouldBeRefusedNamingIt() throws Exception {
    // GIVEN a filter parameter given as a list, where a string, number or boolean goes
    HttpResponse<String> response =
        send(
            request("/filters/export")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"filter\":\"look-alikes\",\"params\":{\"label\":[\"antelope\"]}}"))
                .build());

    // THEN it is refused as a bad parameter that names the field
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("INVALID_PARAMETER");
    assertThat(error.path("message").asText())
        .isEqualTo("params.label must be a string, number or boolean");
  }

  // ---------------------------------------------------------------- helpers

  private void library(String label, String sub, int count) {
    for (int i = 0; i < count; i++) {
      put("library/" + label + "/" + sub + label + "-" + i + ".jpg", new byte[] {1});
    }
  }

  private void identify(String collection, String name, String label, float confidence) {
    byte[] bytes = new byte[64 + name.length()];
    new Random(name.hashCode()).nextBytes(bytes);
    String key = "inbox/" + collection + "/" + name + ".jpg";
    put(key, bytes);
    inboxBytes.put(key, bytes);
    write(collection, name, V1, label, confidence);
  }

  private void write(
      String collection, String name, String version, String label, float confidence) {
    String key = "inbox/" + collection + "/" + name + ".jpg";
    List<Prediction> topK = new ArrayList<>();
    topK.add(new Prediction(label, confidence));
    topK.add(new Prediction("other", (1 - confidence) / 2));
    fixture.store.putIfNew(
        new Identification(
            collection,
            key,
            etag(key),
            version,
            Identification.Status.IDENTIFIED,
            topK,
            Optional.empty(),
            Optional.empty(),
            Instant.parse("2026-11-29T12:00:00Z"),
            Optional.empty(),
            Optional.empty()));
  }

  private void identifyError(String collection, String name) {
    String key = "inbox/" + collection + "/" + name + ".jpg";
    put(key, "not an image".getBytes(StandardCharsets.UTF_8));
    fixture.store.putIfNew(
        new Identification(
            collection,
            key,
            etag(key),
            V1,
            Identification.Status.ERROR,
            List.of(),
            Optional.of("NOT_AN_IMAGE"),
            Optional.of("not an image"),
            Instant.parse("2026-11-29T12:00:00Z"),
            Optional.empty(),
            Optional.empty()));
  }

  private String etag(String key) {
    return cloud.s3().headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
  }

  private void put(String key, byte[] bytes) {
    cloud.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  private byte[] bytes(String key) {
    return cloud.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  private String read(String key) {
    return new String(bytes(key), StandardCharsets.UTF_8);
  }

  private boolean exists(String key) {
    try {
      cloud.s3().headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(api.url() + pathAndQuery))
        .header("Content-Type", "application/json");
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> response = send(request(pathAndQuery).GET().build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode post(String path, Object body) throws Exception {
    HttpResponse<String> response =
        send(
            request(path)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Items as "collection/name" (key without inbox/ and .jpg). */
  private static List<String> keys(JsonNode page) {
    List<String> keys = new ArrayList<>();
    page.path("items")
        .forEach(
            item -> {
              String key = item.path("key").asText();
              keys.add(key.substring("inbox/".length(), key.length() - ".jpg".length()));
            });
    return keys;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
