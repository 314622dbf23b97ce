package dev.menagerie.local.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.menagerie.local.cloud.FunctionLogs;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.template.Template.HttpRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's HttpApi routes on 127.0.0.1. Each function's handler class is instantiated once
 * (its {@code Map} constructor gets the environment the template declares, pointed at the local
 * cloud) and invoked with payload-v2 events, as API Gateway would. Requests are authorised as a
 * local IAM principal; {@code X-Menagerie-Caller} names another.
 */
public final class LocalHttpApi implements AutoCloseable {
  /** API Gateway's payload limit. */
  public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  public static final String LOCAL_CALLER = "arn:aws:iam::000000000000:user/local";

  private static final Logger LOG = LoggerFactory.getLogger(LocalHttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Binding> bindings;

  private LocalHttpApi(HttpServer server, ExecutorService executor, List<Binding> bindings) {
    this.server = server;
    this.executor = executor;
    this.bindings = bindings;
  }

  /** Starts handlers for every route in the template and serves them on the port (0: any). */
  public static LocalHttpApi start(LocalCloud cloud, int port, Map<String, String> extraEnvironment)
      throws IOException {
    Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers =
        new LinkedHashMap<>();
    List<Binding> bindings = new ArrayList<>();
    for (HttpRoute route : cloud.resources().template().httpRoutes()) {
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
          handlers.get(route.functionId());
      if (handler == null) {
        Map<String, String> environment =
            new LinkedHashMap<>(cloud.functionEnvironment(route.functionId()));
        environment.putAll(extraEnvironment);
        try (FunctionLogs.Scope in = FunctionLogs.in(route.functionId())) {
          handler = instantiate(route.handlerClass(), environment);
        }
        handlers.put(route.functionId(), handler);
      }
      bindings.add(new Binding(route, handler));
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    } catch (java.net.BindException e) {
      throw new IOException(
          "port " + port + " on 127.0.0.1 is in use; pass --port N (0 picks a free one)", e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(16);
    server.setExecutor(executor);
    LocalHttpApi api = new LocalHttpApi(server, executor, bindings);
    server.createContext("/", api::serve);
    server.start();
    return api;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<HttpRoute> routes() {
    return bindings.stream().map(Binding::route).toList();
  }

  @SuppressWarnings("unchecked")
  private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> instantiate(
      String className, Map<String, String> environment) {
    try {
      Class<?> type = Class.forName(className);
      return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
          type.getConstructor(Map.class).newInstance(environment);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "handler " + className + " failed at init: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "handler "
              + className
              + " named in template.yaml cannot be created locally (it needs a "
              + "public constructor taking the environment Map): "
              + e,
          e);
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    // the catch must run before the exchange is closed, or a handler's failure answers nothing
    try (exchange) {
      try {
        route(exchange);
      } catch (RuntimeException e) {
        LOG.error("local API: handler failed", e);
        sendError(exchange, 500, "INTERNAL", "the handler threw " + e.getClass().getSimpleName());
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = exchange.getRequestURI().getRawPath();
    List<Matched> onPath = match(bindings, path);
    if (onPath.isEmpty()) {
      sendError(exchange, 404, "ROUTE_NOT_FOUND", "no route for " + path);
      return;
    }
    Matched matched =
        onPath.stream()
            .filter(m -> m.binding().route().method().equals(method))
            .findFirst()
            .orElse(null);
    if (matched == null) {
      sendError(
          exchange,
          405,
          "METHOD_NOT_ALLOWED",
          method
              + " is not allowed on "
              + path
              + "; use "
              + onPath.stream().map(m -> m.binding().route().method()).distinct().toList());
      return;
    }
    byte[] body = readBody(exchange.getRequestBody());
    if (body == null) {
      sendError(
          exchange,
          413,
          "PAYLOAD_TOO_LARGE",
          "the request body exceeds API Gateway's limit of " + MAX_BODY_BYTES + " bytes");
      return;
    }
    Binding binding = matched.binding();
    APIGatewayV2HTTPEvent event = event(exchange, binding.route(), matched.parameters(), body);
    String functionId = binding.route().functionId();
    APIGatewayV2HTTPResponse response;
    try (FunctionLogs.Scope in = FunctionLogs.in(functionId)) {
      response =
          binding
              .handler()
              .handleRequest(
                  event,
                  new LocalContext(event.getRequestContext().getRequestId(), functionId, 3008));
    }
    send(exchange, response);
  }

  /**
   * The bindings whose route path matches, most specific first, as API Gateway chooses: literal
   * segments must be equal, {@code {name}} takes one non-empty segment and {@code {name+}} the rest
   * of the path. Values are percent-decoded, as in an HTTP API's pathParameters.
   */
  static List<Matched> match(List<Binding> bindings, String rawPath) {
    List<Matched> matches = new ArrayList<>();
    for (Binding binding : bindings) {
      Map<String, String> parameters = pathParameters(binding.route().path(), rawPath);
      if (parameters != null) {
        matches.add(new Matched(binding, parameters));
      }
    }
    matches.sort(
        java.util.Comparator.comparingInt(
            (Matched m) -> -literalSegments(m.binding().route().path())));
    return matches;
  }

  /**
   * The path parameters when {@code rawPath} matches the route path {@code template}, else null.
   */
  public static Map<String, String> pathParameters(String template, String rawPath) {
    String[] want = template.split("/", -1);
    String[] got = rawPath.split("/", -1);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < want.length; i++) {
      String segment = want[i];
      boolean parameter = segment.startsWith("{") && segment.endsWith("}");
      if (parameter && segment.endsWith("+}")) {
        if (i >= got.length) {
          return null;
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(got, i, got.length));
        if (rest.isEmpty()) {
          return null;
        }
        parameters.put(segment.substring(1, segment.length() - 2), decodePath(rest));
        return parameters;
      }
      if (i >= got.length) {
        return null;
      }
      if (parameter) {
        if (got[i].isEmpty()) {
          return null;
        }
        parameters.put(segment.substring(1, segment.length() - 1), decodePath(got[i]));
      } else if (!segment.equals(got[i])) {
        return null;
      }
    }
    return want.length == got.length ? parameters : null;
  }

  private static int literalSegments(String template) {
    int literal = 0;
    for (String segment : template.split("/")) {
      if (!segment.startsWith("{")) {
        literal++;
      }
    }
    return literal;
  }

  /** Percent-decoding of a path segment ('+' stays '+', unlike form decoding). */
  private static String decodePath(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static APIGatewayV2HTTPEvent event(
      HttpExchange exchange, HttpRoute route, Map<String, String> pathParameters, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    String contentType = headers.getOrDefault("content-type", "");
    boolean text = isText(contentType);
    String requestId = UUID.randomUUID().toString();
    String caller = headers.getOrDefault("x-menagerie-caller", LOCAL_CALLER);
    Instant now = Instant.now();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(route.method() + " " + route.path())
        .withRawPath(exchange.getRequestURI().getRawPath())
        .withRawQueryString(
            exchange.getRequestURI().getRawQuery() == null
                ? ""
                : exchange.getRequestURI().getRawQuery())
        .withHeaders(headers)
        .withQueryStringParameters(query(exchange.getRequestURI().getRawQuery()))
        .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
        .withBody(
            body.length == 0
                ? null
                : text
                    ? new String(body, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(body.length > 0 && !text)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId(requestId)
                .withRouteKey(route.method() + " " + route.path())
                .withStage("$default")
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName("127.0.0.1")
                .withTime(now.toString())
                .withTimeEpoch(now.toEpochMilli())
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(route.method())
                        .withPath(exchange.getRequestURI().getRawPath())
                        .withProtocol("HTTP/1.1")
                        .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                        .withUserAgent(headers.getOrDefault("user-agent", ""))
                        .build())
                .withAuthorizer(
                    APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(
                            APIGatewayV2HTTPEvent.RequestContext.IAM
                                .builder()
                                .withUserArn(caller)
                                .withAccountId("000000000000")
                                .withCallerId("local")
                                .build())
                        .build())
                .build())
        .build();
  }

  /** Like API Gateway: text and JSON arrive as is, everything else base64-encoded. */
  static boolean isText(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.startsWith("application/json")
        || type.startsWith("application/xml")
        || type.startsWith("application/x-www-form-urlencoded");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.merge(name, value, (a, b) -> a + "," + b);
    }
    return query;
  }

  /** The body, or null when it exceeds {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      // read the rest: skip() may stop early, and what is left would be taken on this keep-alive
      // connection for the next request's first line
      in.transferTo(OutputStream.nullOutputStream());
      return null;
    }
    return body;
  }

  private static void send(HttpExchange exchange, APIGatewayV2HTTPResponse response)
      throws IOException {
    if (response.getHeaders() != null) {
      response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    }
    byte[] body =
        response.getBody() == null
            ? new byte[0]
            : response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sendError(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    byte[] body = JSON.writeValueAsBytes(Map.of("error", Map.of("code", code, "message", message)));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    bindings.stream()
        .map(Binding::handler)
        .distinct()
        .filter(AutoCloseable.class::isInstance)
        .forEach(
            h -> {
              try {
                ((AutoCloseable) h).close();
              } catch (Exception e) {
                LOG.warn("closing handler failed", e);
              }
            });
  }

  record Matched(Binding binding, Map<String, String> parameters) {}

  record Binding(
      HttpRoute route, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {}
}
