package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The CLI's one client of the HTTP API, local or deployed: every command and the demo's traffic
 * call the routes through it. One timeout policy ({@link #CONNECT_TIMEOUT}, {@link
 * #REQUEST_TIMEOUT}), one encoding of query parameters ({@code %20} for a space), one reading of
 * the API's error body ({@code {"error": {"code", "message"}}}) into {@link ApiError}, and the
 * authorisation a deployed stack needs ({@link ApiAuth}).
 */
final class ApiClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** A request's whole time: a classification takes well under a second once a model is warm. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String apiUrl;
  private final ApiAuth auth;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  ApiClient(String apiUrl, ApiAuth auth) {
    this.apiUrl = apiUrl;
    this.auth = auth;
  }

  /** The API's answer: its status and body. */
  record Response(int status, String body) {
    boolean ok() {
      return status / 100 == 2;
    }

    /** The body as JSON; an {@link IOException} naming the status when it is not JSON. */
    JsonNode json() throws IOException {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IOException("the API answered " + status + ": " + body, e);
      }
    }
  }

  /** A refusal, as the API describes it. Its message reads {@code 400 NOT_AN_IMAGE: ...}. */
  static final class ApiError extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
      super(status + " " + code + ": " + message);
      this.status = status;
      this.code = code;
    }

    int status() {
      return status;
    }

    String code() {
      return code;
    }

    /** Reads a non-2xx response: its {@code error.code} and {@code error.message}, or its body. */
    static ApiError of(Response response) {
      try {
        JsonNode error = JSON.readTree(response.body()).path("error");
        if (error.isObject()) {
          return new ApiError(
              response.status(),
              error.path("code").asText("HTTP_" + response.status()),
              error.path("message").asText(""));
        }
      } catch (IOException notJson) {
        // the body is not the API's error document: shown as it is
      }
      return new ApiError(response.status(), "HTTP_" + response.status(), response.body().strip());
    }
  }

  /** {@code GET path?query}; the body as JSON, or the API's refusal as an {@link ApiError}. */
  JsonNode get(String path, Map<String, String> query) throws IOException {
    return required(send("GET", path, query, null, null)).json();
  }

  /** {@code GET path?query}; the body as text (a CSV export), or the refusal. */
  String getText(String path, Map<String, String> query) throws IOException {
    return required(send("GET", path, query, null, null)).body();
  }

  /** {@code POST path} with {@code body} as JSON; the answer as JSON, or the refusal. */
  JsonNode postJson(String path, Object body) throws IOException {
    return post(path, Map.of(), "application/json", JSON.writeValueAsBytes(body));
  }

  /** {@code POST path?query} with a body of {@code contentType}; the answer, or the refusal. */
  JsonNode post(String path, Map<String, String> query, String contentType, byte[] body)
      throws IOException {
    return required(send("POST", path, query, contentType, body)).json();
  }

  /** Sends one request and returns whatever the API answered, refusals included. */
  Response send(
      String method, String path, Map<String, String> query, String contentType, byte[] body)
      throws IOException {
    URI uri = URI.create(apiUrl + path + query(query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    auth.apply(request, method, uri, body == null ? null : contentType, body);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new IOException("the API at " + apiUrl + " does not answer" + auth.hint(), e);
    } catch (HttpTimeoutException e) {
      throw new IOException(
          "the API at "
              + apiUrl
              + " did not answer "
              + method
              + " "
              + path
              + " within "
              + REQUEST_TIMEOUT.toSeconds()
              + " s",
          e);
    }
  }

  private static Response required(Response response) throws ApiError {
    if (!response.ok()) {
      throw ApiError.of(response);
    }
    return response;
  }

  /** {@code ?k=v&...} with both sides encoded, a space as {@code %20}; empty for no parameters. */
  static String query(Map<String, String> query) {
    StringJoiner pairs = new StringJoiner("&", "?", "");
    query.forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
    return query.isEmpty() ? "" : pairs.toString();
  }

  /** One query parameter or path segment, percent-encoded ({@code %20}, never {@code +}). */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
