package dev.menagerie.tests.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.reports.ReportsHandler;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reports function driven by its sample events in {@code events/}, on the seeded world. */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsEventsTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final LocalCloud cloud;
  private ReportsHandler handler;

  ReportsEventsTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void startHandler() {
    SeededReports world = new SeededReports(cloud);
    handler = new ReportsHandler(world.environment(cloud), world.noScanClient, SeededReports.CLOCK);
  }

  @Test
  void evaluationEvent_shouldReadThePathParameterAndFindNoSuchTransaction() throws Exception {
    APIGatewayV2HTTPResponse response = handle("evaluation.json");
    assertThat(response.getStatusCode()).isEqualTo(404);
    assertThat(response.getBody()).contains("JKJbRj2QvHcEMDw=");
  }

  @Test
  void importEvent_shouldRejectRowsForUnknownTransactions() throws Exception {
    APIGatewayV2HTTPResponse response = handle("evaluation-import.json");
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(body.path("recorded").asInt()).isZero();
    assertThat(body.path("rejected")).hasSize(2);
  }

  @Test
  void sampleEvent_shouldAnswerStrata() throws Exception {
    APIGatewayV2HTTPResponse response = handle("evaluation-sample.json");
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.getBody()).path("perStratum").asInt()).isEqualTo(3);
  }

  @Test
  void reportEvents_shouldAnswerJsonCsvAndHtml() throws Exception {
    APIGatewayV2HTTPResponse usage = handle("report-usage.json");
    assertThat(usage.getStatusCode()).isEqualTo(200);
    assertThat(JSON.readTree(usage.getBody()).path("period").path("from").asText())
        .isEqualTo("2026-11-01");
    APIGatewayV2HTTPResponse accuracy = handle("report-accuracy-csv.json");
    assertThat(accuracy.getHeaders()).containsEntry("Content-Type", "text/csv; charset=utf-8");
    assertThat(accuracy.getBody()).startsWith("label,truePositives,predicted,actual");
    APIGatewayV2HTTPResponse dashboard = handle("dashboard.json");
    assertThat(dashboard.getStatusCode()).isEqualTo(200);
    assertThat(dashboard.getBody()).startsWith("<!DOCTYPE html>");
  }

  private APIGatewayV2HTTPResponse handle(String name) throws IOException {
    APIGatewayV2HTTPEvent event =
        JSON.readValue(
            LocalCloudExtension.repositoryRoot().resolve("events").resolve(name).toFile(),
            APIGatewayV2HTTPEvent.class);
    return handler.handleRequest(event, null);
  }
}
