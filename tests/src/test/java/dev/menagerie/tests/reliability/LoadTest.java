package dev.menagerie.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bounded load on the local API: N classify requests from 16 concurrent clients (300 by default,
 * 2,000 with {@code -Dmenagerie.long=true}). Every request must be answered 200 with the right
 * label, and the Transactions table must then hold exactly one transaction per request sent.
 * Latency percentiles are printed for the README.
 */
@ExtendWith(LocalCloudExtension.class)
class LoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONCURRENCY = 16;
  private static final Color[] COLOURS = {
    Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW, Color.WHITE, Color.BLACK
  };
  private static final String[] LABELS = {"red", "green", "blue", "yellow", "white", "black"};

  private final LocalCloud cloud;

  LoadTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @Test
  void boundedLoad_shouldAnswerEveryRequestAndLogEachOnce() throws Exception {
    int requests = Boolean.getBoolean("menagerie.long") ? 2_000 : 300;
    byte[][] images = new byte[COLOURS.length][];
    for (int c = 0; c < COLOURS.length; c++) {
      BufferedImage image = new BufferedImage(96, 72, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(COLOURS[c]);
      g.fillRect(0, 0, 96, 72);
      g.dispose();
      images[c] = Corpus.jpeg(image, false);
    }
    try (LocalApi api = new LocalApi(cloud)) {
      // warm up the handlers and connections, outside the figures (and logged, so counted below)
      for (byte[] image : images) {
        assertThat(api.send("POST", "/classify", "image/jpeg", image).statusCode()).isEqualTo(200);
      }
      Instant started = Instant.now();
      Map<String, Integer> statuses = new ConcurrentHashMap<>();
      Set<String> requestIds = ConcurrentHashMap.newKeySet();
      long[] latencies = new long[requests];
      List<String> wrong = new ArrayList<>();
      ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
      long t0 = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        int n = i;
        futures.add(
            clients.submit(
                () -> {
                  int c = n % images.length;
                  long start = System.nanoTime();
                  HttpResponse<String> response =
                      api.send("POST", "/classify", "image/jpeg", images[c]);
                  latencies[n] = System.nanoTime() - start;
                  statuses.merge(String.valueOf(response.statusCode()), 1, Integer::sum);
                  JsonNode body = JSON.readTree(response.body());
                  requestIds.add(body.path("requestId").asText());
                  String label = body.path("predictions").path(0).path("label").asText();
                  if (!label.equals(LABELS[c])) {
                    synchronized (wrong) {
                      wrong.add(n + ": " + response.body());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      clients.shutdown();

      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      System.out.printf(
          "load: %d requests at concurrency %d in %.1f s (%.0f req/s); latency ms p50 %.1f,"
              + " p95 %.1f, p99 %.1f, max %.1f; statuses %s%n",
          requests,
          CONCURRENCY,
          seconds,
          requests / seconds,
          percentile(sorted, 50),
          percentile(sorted, 95),
          percentile(sorted, 99),
          sorted[sorted.length - 1] / 1e6,
          new TreeMap<>(statuses));

      // THEN no errors and the right answers
      assertThat(statuses).containsOnlyKeys("200");
      assertThat(wrong).isEmpty();
      assertThat(requestIds).hasSize(requests);

      // AND the Transactions table holds exactly one transaction per request sent
      Set<LocalDate> days = new HashSet<>();
      for (LocalDate d = LocalDate.ofInstant(started, ZoneOffset.UTC);
          !d.isAfter(LocalDate.now(ZoneOffset.UTC));
          d = d.plusDays(1)) {
        days.add(d);
      }
      List<Transaction> stored =
          days.stream().flatMap(d -> api.transactions.listDay(d).stream()).toList();
      assertThat(stored).hasSize(requests + images.length);
      assertThat(stored.stream().map(Transaction::requestId).collect(Collectors.toSet()))
          .containsAll(requestIds)
          .hasSize(requests + images.length);
      assertThat(stored).allSatisfy(t -> assertThat(t.status()).isEqualTo(200));
    }
  }

  private static double percentile(long[] sortedNanos, int p) {
    int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, index)] / 1e6;
  }
}
