package dev.menagerie.tests.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.reports.ReportsHandler;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any query string on the GET report routes, the evaluation sample and the dashboard is answered
 * (200) or refused with a 4xx and a code, by the real handler on the local cloud.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportQueryFuzzTest {
  private static final String[] ROUTES = {
    ReportsHandler.USAGE,
    ReportsHandler.ACCURACY,
    ReportsHandler.MODELS,
    ReportsHandler.SAMPLE,
    ReportsHandler.DASHBOARD,
  };
  private static final String[] NAMES = {"from", "to", "model", "format", "perStratum", "seed"};

  private final LocalCloud cloud;
  private ReportsHandler handler;

  ReportQueryFuzzTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void startTheReportsFunction() {
    handler = new ReportsHandler(cloud.functionEnvironment("ReportsFunction"));
  }

  @FuzzTest(maxDuration = "2m")
  void reportQuery_shouldBeAnsweredOrRefusedWithACode(FuzzedDataProvider data) {
    String route = data.pickValue(ROUTES);
    Map<String, String> query = ApiQueryFuzzing.query(data, NAMES);
    try (SilentCloseable localCloud = ApiQueryFuzzing.allowTheLocalCloud()) {
      APIGatewayV2HTTPResponse response =
          handler.handleRequest(ApiQueryFuzzing.event(route, query), null);
      ApiQueryFuzzing.assertAnsweredOrRefused(response, route + " " + query);
    }
  }
}
