package dev.menagerie.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds API events with fuzzed query parameters and checks what a handler answered. */
final class ApiQueryFuzzing {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiQueryFuzzing() {}

  /**
   * Up to six parameters: names mostly from those the routes read (so that values reach the
   * checks), sometimes anything; values anything.
   */
  static Map<String, String> query(FuzzedDataProvider data, String[] names) {
    Map<String, String> query = new LinkedHashMap<>();
    int count = data.consumeInt(0, 6);
    for (int i = 0; i < count; i++) {
      String name = data.consumeBoolean() ? data.pickValue(names) : data.consumeString(12);
      query.put(name, data.consumeString(40));
    }
    return query;
  }

  /**
   * Lets the handler reach the local cloud on this machine. Jazzer's SSRF detector otherwise
   * reports the handler's own calls to dynalite and S3Mock, whose address no input chooses.
   */
  static SilentCloseable allowTheLocalCloud() {
    return BugDetectors.allowNetworkConnections(
        (host, port) -> host.equals("localhost") || host.equals("127.0.0.1"));
  }

  static APIGatewayV2HTTPEvent event(String routeKey, Map<String, String> query) {
    String path = routeKey.substring(routeKey.indexOf(' ') + 1);
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(routeKey)
        .withRawPath(path)
        .withQueryStringParameters(query)
        .withHeaders(Map.of())
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey(routeKey)
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(routeKey.substring(0, routeKey.indexOf(' ')))
                        .withPath(path)
                        .build())
                .build())
        .build();
  }

  /** A 200, or a 4xx whose JSON body carries one of the client-error codes. */
  static void assertAnsweredOrRefused(APIGatewayV2HTTPResponse response, Object input) {
    int status = response.getStatusCode();
    assertThat(status).as("%s -> %s", input, response.getBody()).isIn(200, 400, 404);
    if (status != 200) {
      try {
        JsonNode error = JSON.readTree(response.getBody()).path("error");
        ErrorCode code = ErrorCode.valueOf(error.path("code").asText());
        assertThat(code.httpStatus()).isEqualTo(status);
        assertThat(error.path("message").asText()).isNotBlank();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
