package dev.menagerie.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The bad-input corpus, sent over HTTP to the local API: every case has one defined outcome, a 200
 * or a 4xx with a specific code, and none may give a 5xx or hang (each request has a timeout).
 * Every request that reached the classify function must be logged as a transaction with the status
 * and code it was answered with.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JPEG = "image/jpeg";
  private static final String PNG = "image/png";
  private static final String JSON_TYPE = "application/json";

  /** Any one request: the 10 MB bodies are copied a few times (bytes, base64, event). */
  private static final long MAX_ALLOCATION = 256L * 1024 * 1024;

  /** A decompression bomb is refused from its header, before any pixel buffer. */
  private static final long BOMB_ALLOCATION = 48L * 1024 * 1024;

  private final LocalCloud cloud;
  private LocalApi api;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private List<Case> corpus;
  private int cases;
  private int classifyLogged;
  private long mostAllocated;
  private String mostAllocatedBy = "";

  BadInputCorpusTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** One request and the answer it must get: {@code code} empty for a 200. */
  record Case(
      String name,
      String method,
      String path,
      String contentType,
      byte[] body,
      int status,
      Optional<String> code,
      Optional<String> label) {
    static Case post(String name, String path, String type, byte[] body, int status, String code) {
      return new Case(
          name, "POST", path, type, body, status, Optional.ofNullable(code), Optional.empty());
    }

    static Case get(String name, String pathAndQuery, int status, String code) {
      return new Case(
          name,
          "GET",
          pathAndQuery,
          null,
          null,
          status,
          Optional.ofNullable(code),
          Optional.empty());
    }

    static Case classify(String name, String type, byte[] body, int status, String code) {
      return post(name, "/classify", type, body, status, code);
    }

    static Case red(String name, String type, byte[] body) {
      return new Case(
          name, "POST", "/classify", type, body, 200, Optional.empty(), Optional.of("red"));
    }
  }

  @BeforeAll
  void start() throws Exception {
    corpus = corpus();
    api = new LocalApi(cloud);
    cloud
        .s3()
        .putObject(
            b -> b.bucket(api.bucket).key("inbox/corpus/red.jpg"),
            RequestBody.fromBytes(Corpus.jpeg(Corpus.red(64, 48), false)));
    cloud
        .s3()
        .putObject(
            b -> b.bucket(api.bucket).key("inbox/corpus/page.jpg"),
            RequestBody.fromBytes(Corpus.utf8("<!doctype html><html><body>hi</body></html>")));
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> everyCase_shouldGetItsDefinedOutcome() {
    return corpus.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  @Test
  @Order(2)
  void summary_shouldCoverTheCorpus() {
    System.out.printf(
        "bad-input corpus: %d cases over HTTP, %d classify requests logged; most allocated %d MB"
            + " (%s); outcomes %s%n",
        cases, classifyLogged, mostAllocated >> 20, mostAllocatedBy, outcomes);
    assertThat(cases).isEqualTo(corpus.size());
    assertThat(outcomes.keySet()).noneMatch(k -> k.startsWith("5"));
  }

  private void check(Case c) throws Exception {
    Map<Long, Long> allocatedBefore = allocatedBytesByThread();
    long t0 = System.nanoTime();
    HttpResponse<String> response = api.send(c.method(), c.path(), c.contentType(), c.body());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long allocated = allocatedSince(allocatedBefore);
    if (allocated > mostAllocated) {
      mostAllocated = allocated;
      mostAllocatedBy = c.name();
    }
    cases++;
    outcomes.merge(
        response.statusCode() + c.code().map(code -> " " + code).orElse(""), 1, Integer::sum);
    assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
    boolean json = response.headers().firstValue("content-type").orElse("").startsWith(JSON_TYPE);
    JsonNode body = json ? JSON.readTree(response.body()) : null;
    if (c.code().isPresent()) {
      assertThat(body).as(c.name() + ": an error answers JSON").isNotNull();
      assertThat(body.path("error").path("code").asText())
          .as(c.name() + ": " + response.body())
          .isEqualTo(c.code().get());
      assertThat(body.path("error").path("message").asText()).isNotBlank();
    }
    if (c.label().isPresent()) {
      assertThat(body.path("predictions").get(0).path("label").asText()).isEqualTo(c.label().get());
    }
    if (c.path().startsWith("/classify") && c.method().equals("POST") && body != null) {
      // the function's answers carry a request id; the gateway's (404, 405, 413) do not
      String requestId =
          body.has("requestId")
              ? body.path("requestId").asText()
              : body.path("error").path("requestId").asText("");
      if (!requestId.isEmpty()) {
        Transaction logged = api.transactions.get(requestId).orElseThrow();
        assertThat(logged.status()).isEqualTo(c.status());
        assertThat(logged.errorCode()).isEqualTo(c.code());
        classifyLogged++;
      }
    }
    // memory stays bounded: what the whole JVM (client, local API, handlers) allocated meanwhile
    assertThat(allocated).as(c.name() + ": bytes allocated").isLessThan(MAX_ALLOCATION);
    if (c.code().equals(Optional.of("TOO_MANY_PIXELS"))) {
      assertThat(ms).as("refused from the header, not after decoding").isLessThan(5_000);
      // an 8000 x 8000 bomb would need 192 MB of pixels
      assertThat(allocated).as(c.name() + ": bytes allocated").isLessThan(BOMB_ALLOCATION);
    }
  }

  /** Bytes allocated so far by each live thread of this JVM. */
  private static Map<Long, Long> allocatedBytesByThread() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> byThread = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        byThread.put(ids[i], bytes[i]);
      }
    }
    return byThread;
  }

  private static long allocatedSince(Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> now : allocatedBytesByThread().entrySet()) {
      total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return total;
  }

  private static List<Case> corpus() {
    List<Case> all = new ArrayList<>();
    byte[] jpeg = Corpus.jpeg(Corpus.red(64, 48), false);
    byte[] png = Corpus.png(Corpus.red(64, 48), false);

    // valid images of every kind the decoder must handle
    all.add(Case.red("baseline JPEG", JPEG, jpeg));
    all.add(Case.red("baseline JPEG, no content type", null, jpeg));
    all.add(Case.red("JPEG sent as application/octet-stream", "application/octet-stream", jpeg));
    all.add(Case.red("JPEG declared as image/png", PNG, jpeg));
    all.add(Case.red("progressive JPEG", JPEG, Corpus.jpeg(Corpus.red(64, 48), true)));
    for (int orientation = 1; orientation <= 8; orientation++) {
      ByteOrder order = orientation % 2 == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      all.add(
          Case.red(
              "JPEG with EXIF orientation " + orientation + " (" + order + ")",
              JPEG,
              Corpus.withExifOrientation(jpeg, orientation, order)));
    }
    all.add(
        Case.red(
            "JPEG with EXIF orientation 9 (out of range, ignored)",
            JPEG,
            Corpus.withExifOrientation(jpeg, 9, ByteOrder.BIG_ENDIAN)));
    all.add(Case.red("CMYK JPEG (Adobe)", JPEG, Corpus.adobeCmykJpeg(48, 32, 0)));
    all.add(
        Case.classify("greyscale JPEG", JPEG, Corpus.jpeg(Corpus.grey(40, 30), false), 200, null));
    all.add(Case.red("PNG", PNG, png));
    all.add(Case.red("interlaced PNG", PNG, Corpus.png(Corpus.red(64, 48), true)));
    all.add(Case.red("palette PNG", PNG, Corpus.png(Corpus.palette(64, 48), false)));
    all.add(Case.classify("alpha PNG", PNG, Corpus.png(Corpus.alpha(64, 48), false), 200, null));
    all.add(Case.classify("greyscale PNG", PNG, Corpus.png(Corpus.grey(40, 30), false), 200, null));
    all.add(
        Case.classify(
            "16-bit greyscale PNG",
            PNG,
            Corpus.png(Corpus.sixteenBit(40, 30, false), false),
            200,
            null));
    all.add(Case.red("16-bit RGB PNG", PNG, Corpus.png(Corpus.sixteenBit(40, 30, true), false)));
    all.add(Case.red("GIF", "image/gif", Corpus.encode(Corpus.red(64, 48), "gif")));
    all.add(Case.red("BMP", "image/bmp", Corpus.encode(Corpus.red(64, 48), "bmp")));
    all.add(Case.red("1x1 PNG", PNG, Corpus.png(Corpus.red(1, 1), false)));
    all.add(
        Case.red("4000x3 JPEG (extreme aspect)", JPEG, Corpus.jpeg(Corpus.red(4000, 3), false)));

    // empty, truncated and damaged files
    all.add(Case.classify("empty body", JPEG, new byte[0], 400, "EMPTY_BODY"));
    all.add(Case.classify("empty body, no content type", null, new byte[0], 400, "EMPTY_BODY"));
    byte[] noisyPng = Corpus.png(Corpus.noise(64, 48, 1), false);
    all.add(
        Case.classify(
            "PNG without its IEND chunk (every pixel present)",
            PNG,
            Arrays.copyOf(noisyPng, noisyPng.length - 12),
            200,
            null));
    for (double fraction : new double[] {0.1, 0.5, 0.9}) {
      all.add(
          Case.classify(
              "JPEG truncated to " + fraction,
              JPEG,
              Corpus.truncated(jpeg, fraction),
              400,
              "CORRUPT_IMAGE"));
      all.add(
          Case.classify(
              "PNG truncated to " + fraction,
              PNG,
              Corpus.truncated(noisyPng, fraction),
              400,
              "CORRUPT_IMAGE"));
    }
    Corpus.pngBitFlips()
        .forEach(
            (chunk, flipped) ->
                all.add(
                    Case.classify(
                        "PNG with a bit flipped in its " + chunk + " chunk (CRC fails)",
                        PNG,
                        flipped,
                        400,
                        "CORRUPT_IMAGE")));
    all.add(
        Case.classify(
            "PNG whose zlib Adler-32 is wrong (chunk CRCs right)",
            PNG,
            Corpus.pngWithWrongAdler32(png),
            400,
            "CORRUPT_IMAGE"));
    all.add(
        Case.red(
            "PNG with a damaged ancillary tEXt chunk (skipped)",
            PNG,
            Corpus.pngWithDamagedTextChunk(png)));
    all.add(
        Case.classify(
            "JPEG start-of-image marker only (too short to recognise)",
            JPEG,
            new byte[] {(byte) 0xFF, (byte) 0xD8},
            400,
            "NOT_AN_IMAGE"));
    all.add(
        Case.classify(
            "PNG signature only",
            PNG,
            new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
            400,
            "CORRUPT_IMAGE"));
    for (int size : new int[] {1, 100, 10_000, 1_000_000}) {
      all.add(
          Case.classify(
              "random bytes, " + size,
              "application/octet-stream",
              Corpus.randomBytes(size, size),
              400,
              "NOT_AN_IMAGE"));
    }

    // decompression bombs: declared sizes far beyond the pixel limit
    all.add(
        Case.classify(
            "PNG header declaring 100000x100000",
            PNG,
            Corpus.pngHeaderOnly(100_000, 100_000),
            413,
            "TOO_MANY_PIXELS"));
    all.add(
        Case.classify(
            "JPEG declaring 65500x65500",
            JPEG,
            Corpus.withDeclaredSize(jpeg, 65_500, 65_500),
            413,
            "TOO_MANY_PIXELS"));
    all.add(
        Case.classify(
            "progressive JPEG declaring 65500x65500",
            JPEG,
            Corpus.withDeclaredSize(Corpus.jpeg(Corpus.red(64, 48), true), 65_500, 65_500),
            413,
            "TOO_MANY_PIXELS"));
    all.add(
        Case.classify(
            "deflate bomb PNG 8000x8000 (about 200 KB, 192 MB of pixels)",
            PNG,
            Corpus.deflateBombPng(8_000),
            413,
            "TOO_MANY_PIXELS"));
    all.add(
        new Case(
            "deflate bomb PNG 6000x6000, under the pixel limit (subsampled while read)",
            "POST",
            "/classify",
            PNG,
            Corpus.deflateBombPng(6_000),
            200,
            Optional.empty(),
            Optional.of("black")));

    // not images, disguised or declared
    all.add(
        Case.classify(
            "HTML sent as image/jpeg",
            JPEG,
            Corpus.utf8("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
            400,
            "NOT_AN_IMAGE"));
    all.add(
        Case.classify(
            "SVG sent as image/png",
            PNG,
            Corpus.utf8(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\">"
                    + "<rect width=\"100%\" height=\"100%\" fill=\"red\"/></svg>"),
            400,
            "NOT_AN_IMAGE"));
    all.add(
        Case.classify(
            "SVG as image/svg+xml",
            "image/svg+xml",
            Corpus.utf8("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            415,
            "UNSUPPORTED_MEDIA_TYPE"));
    all.add(
        Case.classify(
            "JPEG sent as text/plain", "text/plain", jpeg, 415, "UNSUPPORTED_MEDIA_TYPE"));
    all.add(
        Case.classify(
            "form upload", "multipart/form-data; boundary=x", jpeg, 415, "UNSUPPORTED_MEDIA_TYPE"));
    all.add(
        Case.classify(
            "XML", "application/xml", Corpus.utf8("<a/>"), 415, "UNSUPPORTED_MEDIA_TYPE"));
    all.add(
        Case.classify(
            "PDF sent as image/jpeg",
            JPEG,
            Corpus.utf8("%PDF-1.7\n1 0 obj <<>> endobj\n"),
            400,
            "NOT_AN_IMAGE"));
    all.add(
        Case.classify(
            "WebP (recognised, not decoded)",
            "image/webp",
            Corpus.utf8("RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0"),
            415,
            "UNSUPPORTED_MEDIA_TYPE"));

    // JSON bodies and base64
    String jpegBase64 = Base64.getEncoder().encodeToString(jpeg);
    all.add(
        Case.red("JSON with base64 image", JSON_TYPE, json("{\"image\":\"" + jpegBase64 + "\"}")));
    all.add(
        Case.red(
            "JSON with base64 wrapped at 76 columns",
            JSON_TYPE,
            json(
                "{\"image\":\""
                    + Base64.getMimeEncoder().encodeToString(jpeg).replace("\r\n", "\\n")
                    + "\"}")));
    all.add(
        Case.classify(
            "JSON with bad base64",
            JSON_TYPE,
            json("{\"image\":\"not*base64!\"}"),
            400,
            "INVALID_BASE64"));
    all.add(
        Case.classify(
            "JSON with URL-safe base64",
            JSON_TYPE,
            json("{\"image\":\"" + Base64.getUrlEncoder().encodeToString(jpeg) + "\"}"),
            400,
            "INVALID_BASE64"));
    all.add(
        Case.classify(
            "JSON with base64 of a truncated JPEG",
            JSON_TYPE,
            json(
                "{\"image\":\""
                    + Base64.getEncoder().encodeToString(Corpus.truncated(jpeg, 0.5))
                    + "\"}"),
            400,
            "CORRUPT_IMAGE"));
    all.add(
        Case.classify(
            "JSON with an empty image", JSON_TYPE, json("{\"image\":\"\"}"), 400, "EMPTY_BODY"));
    all.add(
        Case.classify(
            "JSON image is a number", JSON_TYPE, json("{\"image\":42}"), 400, "INVALID_JSON"));
    all.add(Case.classify("JSON not closed", JSON_TYPE, json("{\"image\": "), 400, "INVALID_JSON"));
    all.add(Case.classify("JSON array", JSON_TYPE, json("[1,2,3]"), 400, "INVALID_JSON"));
    all.add(Case.classify("JSON null", JSON_TYPE, json("null"), 400, "INVALID_JSON"));
    all.add(
        Case.classify(
            "JSON 10000 deep",
            JSON_TYPE,
            json("[".repeat(10_000) + "]".repeat(10_000)),
            400,
            "INVALID_JSON"));
    all.add(
        Case.classify(
            "JSON 17 deep objects",
            JSON_TYPE,
            json("{\"a\":".repeat(17) + "1" + "}".repeat(17)),
            400,
            "INVALID_JSON"));
    all.add(
        Case.classify(
            "JSON with a 100-digit number",
            JSON_TYPE,
            json("{\"image\":" + "9".repeat(100) + "}"),
            400,
            "INVALID_JSON"));
    all.add(
        Case.classify(
            "JSON larger than the API's 10 MB",
            JSON_TYPE,
            json("{\"image\":\"" + "A".repeat(10 * 1024 * 1024) + "\"}"),
            413,
            "PAYLOAD_TOO_LARGE"));
    all.add(
        Case.classify(
            "raw body larger than the API's 10 MB",
            "application/octet-stream",
            Corpus.randomBytes(10 * 1024 * 1024 + 1, 7),
            413,
            "PAYLOAD_TOO_LARGE"));
    all.add(
        Case.classify(
            "JSON with both image and s3Key",
            JSON_TYPE,
            json("{\"image\":\"" + jpegBase64 + "\",\"s3Key\":\"inbox/corpus/red.jpg\"}"),
            400,
            "INVALID_JSON"));
    all.add(
        Case.red(
            "JSON s3Key of an inbox image",
            JSON_TYPE,
            json("{\"s3Key\":\"inbox/corpus/red.jpg\"}")));
    all.add(
        Case.classify(
            "JSON s3Key of HTML in the inbox",
            JSON_TYPE,
            json("{\"s3Key\":\"inbox/corpus/page.jpg\"}"),
            400,
            "NOT_AN_IMAGE"));
    all.add(
        Case.classify(
            "JSON s3Key missing",
            JSON_TYPE,
            json("{\"s3Key\":\"inbox/corpus/none.jpg\"}"),
            404,
            "NOT_FOUND"));
    all.add(
        Case.classify(
            "JSON s3Key outside the inbox",
            JSON_TYPE,
            json("{\"s3Key\":\"models/sample-colours-v1/model.onnx\"}"),
            400,
            "INVALID_S3_KEY"));
    all.add(
        Case.classify(
            "JSON s3Key climbing out of the inbox",
            JSON_TYPE,
            json("{\"s3Key\":\"inbox/../models/x\"}"),
            400,
            "INVALID_S3_KEY"));

    // topK
    for (String bad : new String[] {"0", "-1", "21", "1000000000", "99999999999", "five", "1.5"}) {
      all.add(
          Case.post("topK=" + bad, "/classify?topK=" + bad, JPEG, jpeg, 400, "INVALID_PARAMETER"));
    }
    for (String good : new String[] {"1", "20"}) {
      all.add(Case.post("topK=" + good, "/classify?topK=" + good, JPEG, jpeg, 200, null));
    }

    // unknown routes and methods, on every route group
    all.add(Case.get("unknown route", "/nope", 404, "ROUTE_NOT_FOUND"));
    all.add(
        Case.post(
            "unknown route under /classify", "/classify/x", JPEG, jpeg, 404, "ROUTE_NOT_FOUND"));
    all.add(Case.get("GET /classify", "/classify", 405, "METHOD_NOT_ALLOWED"));
    all.add(
        new Case(
            "PUT /classify",
            "PUT",
            "/classify",
            JPEG,
            jpeg,
            405,
            Optional.of("METHOD_NOT_ALLOWED"),
            Optional.empty()));
    all.add(
        new Case(
            "DELETE /classify",
            "DELETE",
            "/classify",
            null,
            null,
            405,
            Optional.of("METHOD_NOT_ALLOWED"),
            Optional.empty()));
    all.add(
        Case.post(
            "POST /reports/usage",
            "/reports/usage",
            JSON_TYPE,
            json("{}"),
            405,
            "METHOD_NOT_ALLOWED"));
    all.add(
        Case.post(
            "POST /filters/look-alikes",
            "/filters/look-alikes",
            JSON_TYPE,
            json("{}"),
            405,
            "METHOD_NOT_ALLOWED"));
    all.add(Case.get("GET /filters/export", "/filters/export", 405, "METHOD_NOT_ALLOWED"));
    all.add(Case.get("GET /archive", "/archive", 405, "METHOD_NOT_ALLOWED"));
    all.add(Case.get("unknown filter", "/filters/nope", 404, "ROUTE_NOT_FOUND"));
    all.add(Case.get("unknown report", "/reports/nope", 404, "ROUTE_NOT_FOUND"));
    all.add(
        Case.get("GET an evaluation", "/transactions/abc/evaluation", 405, "METHOD_NOT_ALLOWED"));

    // filter query parameters
    all.add(Case.get("look-alikes", "/filters/look-alikes?label=red&min=0.2&max=0.6", 200, null));
    all.add(
        Case.get("look-alikes without label", "/filters/look-alikes", 400, "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "look-alikes min not a number",
            "/filters/look-alikes?label=red&min=abc",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "look-alikes min above 1",
            "/filters/look-alikes?label=red&min=2",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "look-alikes min NaN",
            "/filters/look-alikes?label=red&min=NaN",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "look-alikes min above max",
            "/filters/look-alikes?label=red&min=0.7&max=0.2",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "look-alikes label with a slash",
            "/filters/look-alikes?label=a%2Fb",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "look-alikes 300-character label",
            "/filters/look-alikes?label=" + "a".repeat(300),
            400,
            "INVALID_PARAMETER"));
    all.add(Case.get("limit=0", "/filters/lowest-scores?limit=0", 400, "INVALID_PARAMETER"));
    all.add(
        Case.get("limit=100000", "/filters/lowest-scores?limit=100000", 400, "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "next=garbage", "/filters/lowest-scores?next=%25%25%25", 400, "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "next=not a token", "/filters/lowest-scores?next=bm9wZQ", 400, "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "modelVersion with dot-dot",
            "/filters/collection?collection=x&modelVersion=..%2Fx",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get("low-count cutoff=-1", "/filters/low-count?cutoff=-1", 400, "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "low-count factor=1e309", "/filters/low-count?factor=1e309", 400, "INVALID_PARAMETER"));
    all.add(
        Case.get("statistics share=2", "/library/statistics?share=2", 400, "INVALID_PARAMETER"));
    all.add(Case.get("lowest-scores", "/filters/lowest-scores?limit=5", 200, null));
    all.add(
        Case.post(
            "export an unknown filter",
            "/filters/export",
            JSON_TYPE,
            json("{\"filter\":\"nope\"}"),
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.post(
            "export with bad JSON", "/filters/export", JSON_TYPE, json("{"), 400, "INVALID_JSON"));
    all.add(
        Case.post(
            "export JSON 10000 deep",
            "/filters/export",
            JSON_TYPE,
            json("[".repeat(10_000) + "]".repeat(10_000)),
            400,
            "INVALID_JSON"));
    all.add(
        Case.post(
            "archive without below", "/archive", JSON_TYPE, json("{}"), 400, "INVALID_PARAMETER"));
    all.add(
        Case.post(
            "export params a list",
            "/filters/export",
            JSON_TYPE,
            json("{\"filter\":\"look-alikes\",\"params\":[\"label\"]}"),
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.post(
            "archive below an object",
            "/archive",
            JSON_TYPE,
            json("{\"below\":{\"value\":0.1}}"),
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.post(
            "archive restore batchId a list",
            "/archive/restore",
            JSON_TYPE,
            json("{\"batchId\":[\"x\"]}"),
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.post(
            "archive dryRun=maybe",
            "/archive",
            JSON_TYPE,
            json("{\"below\":0.1,\"dryRun\":\"maybe\"}"),
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.post(
            "archive restore without batchId",
            "/archive/restore",
            JSON_TYPE,
            json("{}"),
            400,
            "INVALID_PARAMETER"));

    // report query parameters
    all.add(Case.get("usage report", "/reports/usage", 200, null));
    all.add(
        Case.get(
            "usage from not a date", "/reports/usage?from=yesterday", 400, "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "usage from after to",
            "/reports/usage?from=2026-02-01&to=2026-01-01",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "usage over 366 days",
            "/reports/usage?from=2020-01-01&to=2026-01-01",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "usage on the last representable day",
            "/reports/usage?from=%2B999999999-12-31&to=%2B999999999-12-31",
            400,
            "INVALID_PARAMETER"));
    all.add(
        Case.get(
            "usage to the first representable day",
            "/reports/usage?to=-999999999-01-01",
            400,
            "INVALID_PARAMETER"));
    all.add(Case.get("usage format=xml", "/reports/usage?format=xml", 400, "INVALID_PARAMETER"));
    all.add(Case.get("accuracy as CSV", "/reports/accuracy?format=csv", 200, null));
    all.add(Case.get("models report", "/reports/models", 200, null));
    all.add(
        Case.get(
            "sample perStratum=0", "/transactions/sample?perStratum=0", 400, "INVALID_PARAMETER"));
    all.add(Case.get("sample seed=-1", "/transactions/sample?seed=-1", 400, "INVALID_PARAMETER"));
    all.add(Case.get("dashboard from not a date", "/dashboard?from=x", 400, "INVALID_PARAMETER"));
    all.add(
        Case.post(
            "evaluation of an unknown request",
            "/transactions/no-such-id/evaluation",
            JSON_TYPE,
            json("{\"verdict\":\"correct\"}"),
            404,
            "NOT_FOUND"));
    all.add(
        Case.post(
            "evaluation with bad JSON",
            "/transactions/x/evaluation",
            JSON_TYPE,
            json("{"),
            400,
            "INVALID_JSON"));
    all.add(
        Case.post(
            "evaluation verdict a number",
            "/transactions/x/evaluation",
            JSON_TYPE,
            json("{\"verdict\":1}"),
            400,
            "INVALID_JSON"));
    all.add(
        Case.post(
            "evaluation with no body",
            "/transactions/x/evaluation",
            JSON_TYPE,
            null,
            400,
            "EMPTY_BODY"));
    all.add(
        Case.post(
            "evaluation import with no body",
            "/evaluations/import",
            "text/csv",
            null,
            400,
            "EMPTY_BODY"));
    return all;
  }

  private static byte[] json(String text) {
    return Corpus.utf8(text);
  }
}
