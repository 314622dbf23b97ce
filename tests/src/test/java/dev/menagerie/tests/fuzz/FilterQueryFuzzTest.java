package dev.menagerie.tests.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.menagerie.bulk.filter.FiltersHandler;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any query string on the GET filter routes and /library/statistics is answered (200) or refused
 * with a 4xx and a code, by the real handler on the local cloud (a production model installed, so
 * that every refusal is the query's fault).
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterQueryFuzzTest {
  private static final String[] ROUTES = {
    "GET /filters/look-alikes",
    "GET /filters/low-count",
    "GET /filters/synthetic-heavy",
    "GET /filters/collection",
    "GET /filters/lowest-scores",
    "GET /library/statistics",
  };
  private static final String[] NAMES = {
    "label",
    "min",
    "max",
    "order",
    "collection",
    "modelVersion",
    "limit",
    "next",
    "cutoff",
    "factor",
    "share",
    "margin",
    "below",
    "predicted",
    "labels",
  };

  private final LocalCloud cloud;
  private FiltersHandler handler;

  FilterQueryFuzzTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void startTheFiltersFunction() {
    String models = cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID());
    String bucket = cloud.resources().bucketNames().get(0);
    new ModelInstaller(
            new ModelRepository(cloud.s3(), bucket),
            new DynamoModelRegistry(cloud.dynamo(), models, Clock.systemUTC()),
            Clock.systemUTC())
        .install(ModelInstaller.sampleModel(), true);
    Map<String, String> environment =
        new LinkedHashMap<>(cloud.functionEnvironment("FiltersFunction"));
    environment.put("MODELS_TABLE", models);
    handler = new FiltersHandler(environment);
  }

  @FuzzTest(maxDuration = "2m")
  void filterQuery_shouldBeAnsweredOrRefusedWithACode(FuzzedDataProvider data) {
    String route = data.pickValue(ROUTES);
    Map<String, String> query = ApiQueryFuzzing.query(data, NAMES);
    try (SilentCloseable localCloud = ApiQueryFuzzing.allowTheLocalCloud()) {
      APIGatewayV2HTTPResponse response =
          handler.handleRequest(ApiQueryFuzzing.event(route, query), null);
      ApiQueryFuzzing.assertAnsweredOrRefused(response, route + " " + query);
    }
  }
}
