package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's real traffic, so that the reports and the dashboard have something to show: every
 * held-out image of {@code DATA/demo/holdout/} is sent through {@code POST /classify} (real
 * requests, logged as transactions), and every {@link #EVALUATE_EVERY}th answer is evaluated from
 * the image's known label under the evaluator {@link #EVALUATOR}, as a person checking a sample
 * would. Nothing is backdated: it all happens today. Done once per data directory ({@link #RECORD}
 * says when), so a second start sends nothing.
 */
final class DemoTraffic {
  /** The evaluator the demo's evaluations are recorded under: the library's own truth. */
  static final String EVALUATOR = "demo-truth";

  /** One answer in this many is evaluated (a sample, as a person would check). */
  static final int EVALUATE_EVERY = 3;

  /** The file in {@code DATA/demo/} that records that the traffic was sent. */
  static final String RECORD = "traffic-sent.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path demo;
  private final URI api;
  private final PrintStream out;
  private final ApiClient client;

  DemoTraffic(Path demo, URI api, PrintStream out) {
    this.demo = demo;
    this.api = api;
    this.client = new ApiClient(api.toString(), ApiAuth.local());
    this.out = out;
  }

  /** What was sent and evaluated. */
  record Summary(int requests, int failed, int correct, int evaluations, double medianMillis) {}

  /** Sends the traffic unless it was sent before; empty when it was (or there is no holdout). */
  java.util.Optional<Summary> sendOnce() throws IOException, InterruptedException {
    Path record = demo.resolve(RECORD);
    Path holdout = demo.resolve("holdout");
    if (Files.exists(record) || !Files.isDirectory(holdout)) {
      return java.util.Optional.empty();
    }
    List<Path> images = images(holdout);
    out.println(
        "» Sending the "
            + images.size()
            + " held-out images through POST "
            + api
            + "/classify (real requests, logged as transactions) and evaluating every "
            + ordinal(EVALUATE_EVERY)
            + " answer from its known label (evaluator "
            + EVALUATOR
            + ") ...");
    out.flush();
    int failed = 0;
    int correct = 0;
    int evaluations = 0;
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Path image = images.get(i);
      String truth = image.getParent().getFileName().toString();
      long start = System.nanoTime();
      ApiClient.Response response = classify(Files.readAllBytes(image));
      millis.add((System.nanoTime() - start) / 1e6);
      if (response.status() != 200) {
        failed++;
        continue;
      }
      JsonNode body = response.json();
      String top = body.path("predictions").path(0).path("label").asText();
      boolean right = top.equals(truth);
      if (right) {
        correct++;
      }
      if (i % EVALUATE_EVERY == 0) {
        evaluate(body.path("requestId").asText(), right, truth);
        evaluations++;
      }
      if ((i + 1) % 100 == 0) {
        out.println("  " + (i + 1) + " of " + images.size() + " sent");
        out.flush();
      }
    }
    Summary summary = new Summary(images.size(), failed, correct, evaluations, median(millis));
    ObjectNode written = JSON.valueToTree(summary);
    written.put("sentAt", Instant.now().toString());
    Files.writeString(record, JSON.writeValueAsString(written), StandardCharsets.UTF_8);
    out.println(
        String.format(
            Locale.ROOT,
            "  %d requests (%d failed), median %.0f ms end to end; %d answered right (%.3f);"
                + " %d evaluations recorded",
            summary.requests(),
            summary.failed(),
            summary.medianMillis(),
            summary.correct(),
            summary.requests() == 0 ? 0.0 : summary.correct() / (double) summary.requests(),
            summary.evaluations()));
    return java.util.Optional.of(summary);
  }

  private ApiClient.Response classify(byte[] image) throws IOException {
    return client.send("POST", "/classify", Map.of(), "image/jpeg", image);
  }

  private void evaluate(String requestId, boolean right, String truth) throws IOException {
    ObjectNode verdict = JSON.createObjectNode();
    verdict.put("verdict", right ? "correct" : "incorrect");
    if (!right) {
      verdict.put("correctLabel", truth);
    }
    verdict.put("evaluator", EVALUATOR);
    try {
      client.postJson("/transactions/" + ApiClient.encode(requestId) + "/evaluation", verdict);
    } catch (ApiClient.ApiError e) {
      throw new IOException("recording an evaluation of " + requestId + ": " + e.getMessage(), e);
    }
  }

  /** The held-out images, class by class in name order. */
  private static List<Path> images(Path holdout) throws IOException {
    try (Stream<Path> files = Files.walk(holdout)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
          .sorted()
          .toList();
    }
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String ordinal(int n) {
    return n == 2 ? "second" : n == 3 ? "third" : n + "th";
  }
}
