package dev.menagerie.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.template.Template;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Every route of the HTTP API (read from template.yaml, so a new route must be added here) under a
 * store that throttles every call for good: each answers 503 STORE_UNAVAILABLE, through the one
 * error mapping every handler uses, never a 500. Each request is valid, so what stops it is the
 * store. The requests run at once: each waits out the SDK's throttling back-off.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryRouteThrottledTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BATCH = "2024-01-01T00-00-00Z-throttle";

  /** Routes that read no DynamoDB table: they are throttled through S3 instead. */
  private static final Set<String> S3_ONLY = Set.of("GET /library/statistics");

  private final LocalCloud cloud;
  private LocalApi api;
  private byte[] jpeg;

  EveryRouteThrottledTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** A valid request for a route: method, path and query, content type, body. */
  private record Request(String method, String path, String contentType, byte[] body) {
    static Request get(String path) {
      return new Request("GET", path, null, null);
    }

    static Request post(String path, String contentType, String body) {
      return new Request("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Map<String, Request> requests() {
    Map<String, Request> r = new LinkedHashMap<>();
    r.put("POST /classify", new Request("POST", "/classify", "image/jpeg", jpeg));
    r.put(
        "POST /transactions/{requestId}/evaluation",
        Request.post(
            "/transactions/JKJbRj2QvHcEMDw=/evaluation",
            "application/json",
            "{\"verdict\": \"correct\"}"));
    r.put(
        "POST /evaluations/import",
        Request.post(
            "/evaluations/import?evaluator=eve",
            "text/csv",
            "requestId,verdict,correctLabel\nJKJbRj2QvHcEMDw=,correct,\n"));
    r.put("GET /transactions/sample", Request.get("/transactions/sample?perStratum=3"));
    r.put("GET /reports/usage", Request.get("/reports/usage"));
    r.put("GET /reports/accuracy", Request.get("/reports/accuracy"));
    r.put("GET /reports/models", Request.get("/reports/models"));
    r.put("GET /dashboard", Request.get("/dashboard"));
    r.put("GET /library/statistics", Request.get("/library/statistics"));
    r.put("GET /filters/look-alikes", Request.get("/filters/look-alikes?label=antelope"));
    r.put("GET /filters/low-count", Request.get("/filters/low-count"));
    r.put("GET /filters/synthetic-heavy", Request.get("/filters/synthetic-heavy"));
    r.put("GET /filters/collection", Request.get("/filters/collection?collection=c&label=l"));
    r.put("GET /filters/lowest-scores", Request.get("/filters/lowest-scores"));
    r.put(
        "POST /filters/export",
        Request.post("/filters/export", "application/json", "{\"filter\": \"lowest-scores\"}"));
    r.put("POST /archive", Request.post("/archive", "application/json", "{\"below\": 0.5}"));
    r.put(
        "POST /archive/restore",
        Request.post("/archive/restore", "application/json", "{\"batchId\": \"" + BATCH + "\"}"));
    return r;
  }

  @BeforeAll
  void start() throws Exception {
    api = new LocalApi(cloud);
    jpeg = Corpus.jpeg(Corpus.red(64, 48), false);
    // an archive batch to restore, so that the restore gets as far as the table
    cloud
        .s3()
        .putObject(
            b -> b.bucket(api.bucket).key("archive/_batches/" + BATCH + ".jsonl"),
            RequestBody.fromString(
                "{\"key\":\"inbox/c/a.jpg\",\"collection\":\"c\",\"modelVersion\":\"v\",\"etag\":\"e\"}\n"));
    // the model loaded before the tables throttle: classify then fails on its own write
    assertThat(api.send("POST", "/classify", "image/jpeg", jpeg).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void disarm() {
    InjectedFaults.disarmAll();
  }

  @AfterAll
  void stop() {
    InjectedFaults.disarmAll();
    if (api != null) {
      api.close();
    }
  }

  @Test
  void everyRoute_shouldBeCoveredHere() throws Exception {
    Set<String> routes = new TreeSet<>();
    Template.read(LocalCloudExtension.repositoryRoot().resolve("template.yaml"))
        .httpRoutes()
        .forEach(route -> routes.add(route.method() + " " + route.path()));
    assertThat(new TreeSet<>(requests().keySet())).isEqualTo(routes);
  }

  @Test
  void everyRoute_underDynamoDbThrottling_shouldAnswer503StoreUnavailable() throws Exception {
    Map<String, Request> dynamoRoutes = new LinkedHashMap<>(requests());
    S3_ONLY.forEach(dynamoRoutes::remove);
    InjectedFaults.armEveryCall(DynamoDbRequest.class);
    assertEveryRouteAnswers503(dynamoRoutes);
  }

  @Test
  void routesReadingOnlyS3_underS3Throttling_shouldAnswer503StoreUnavailable() throws Exception {
    Map<String, Request> s3Routes = new LinkedHashMap<>();
    S3_ONLY.forEach(route -> s3Routes.put(route, requests().get(route)));
    InjectedFaults.armEveryCall(S3Request.class);
    assertEveryRouteAnswers503(s3Routes);
  }

  private void assertEveryRouteAnswers503(Map<String, Request> routes) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(routes.size());
    try {
      Map<String, Future<HttpResponse<String>>> sent = new LinkedHashMap<>();
      routes.forEach(
          (route, r) ->
              sent.put(
                  route,
                  pool.submit(() -> api.send(r.method(), r.path(), r.contentType(), r.body()))));
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, Future<HttpResponse<String>>> e : sent.entrySet()) {
        HttpResponse<String> response = e.getValue().get();
        String code = code(response.body());
        System.out.printf("throttled: %s -> %d %s%n", e.getKey(), response.statusCode(), code);
        if (response.statusCode() != 503 || !"STORE_UNAVAILABLE".equals(code)) {
          wrong.add(e.getKey() + " -> " + response.statusCode() + " " + response.body());
        }
      }
      assertThat(wrong).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  private static String code(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json == null ? "" : json.path("error").path("code").asText();
    } catch (Exception notJson) {
      return "";
    }
  }
}
