package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI's one API client: query encoding, the API's error body, an API that is not there. */
class ApiClientTest {
  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private int status = 200;
  private String answer = "{}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getRawQuery()));
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ApiClient client() {
    return new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), ApiAuth.local());
  }

  @Test
  void query_shouldEncodeASpaceAsPercentTwenty() throws IOException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("label", "red fox+cub");
    query.put("model", "v1");
    answer = "{\"ok\":true}";
    assertThat(client().get("/filters/look-alikes", query).path("ok").asBoolean()).isTrue();
    assertThat(requests).containsExactly("GET /filters/look-alikes?label=red%20fox%2Bcub&model=v1");
    assertThat(ApiClient.query(Map.of())).isEmpty();
  }

  @Test
  void apiError_shouldReadAsStatusCodeAndMessage() {
    status = 400;
    answer = "{\"error\":{\"code\":\"NOT_AN_IMAGE\",\"message\":\"the body is not an image\"}}";
    assertThatThrownBy(() -> client().postJson("/classify", Map.of()))
        .isInstanceOf(ApiClient.ApiError.class)
        .hasMessage("400 NOT_AN_IMAGE: the body is not an image");
  }

  @Test
  void anAnswerThatIsNotTheErrorDocument_shouldStillSayWhatCame() {
    status = 502;
    answer = "Bad gateway";
    assertThatThrownBy(() -> client().get("/reports/usage", Map.of()))
        .isInstanceOf(ApiClient.ApiError.class)
        .hasMessage("502 HTTP_502: Bad gateway");
  }

  @Test
  void noApi_shouldAskWhetherUpIsRunning() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ApiClient nowhere = new ApiClient("http://127.0.0.1:" + port, ApiAuth.local());
    assertThatThrownBy(() -> nowhere.get("/reports/usage", Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "the API at http://127.0.0.1:"
                + port
                + " does not answer; is `./menagerie up` running?");
  }
}
