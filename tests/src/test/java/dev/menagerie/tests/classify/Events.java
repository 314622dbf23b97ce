package dev.menagerie.tests.classify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Sample events from {@code events/}, and variations of them. */
final class Events {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Events() {}

  static APIGatewayV2HTTPEvent load(String name) {
    try {
      return JSON.readValue(
          LocalCloudExtension.repositoryRoot().resolve("events").resolve(name).toFile(),
          APIGatewayV2HTTPEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The raw-JPEG sample event with another body and content type. */
  static APIGatewayV2HTTPEvent raw(byte[] body, String contentType) {
    APIGatewayV2HTTPEvent event = load("classify-jpeg.json");
    event.setBody(Base64.getEncoder().encodeToString(body));
    event.setIsBase64Encoded(true);
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    headers.put("content-type", contentType);
    event.setHeaders(headers);
    return event;
  }

  /** The JSON sample event with another (text) body. */
  static APIGatewayV2HTTPEvent json(String body) {
    APIGatewayV2HTTPEvent event = load("classify-s3key.json");
    event.setBody(body);
    event.setIsBase64Encoded(false);
    return event;
  }

  static APIGatewayV2HTTPEvent withQuery(APIGatewayV2HTTPEvent event, String name, String value) {
    Map<String, String> query = new HashMap<>();
    if (event.getQueryStringParameters() != null) {
      query.putAll(event.getQueryStringParameters());
    }
    query.put(name, value);
    event.setQueryStringParameters(query);
    return event;
  }

  /** Gives the event a fresh request id, so each test's transaction is its own. */
  static APIGatewayV2HTTPEvent fresh(APIGatewayV2HTTPEvent event) {
    event.getRequestContext().setRequestId(java.util.UUID.randomUUID().toString());
    return event;
  }
}
