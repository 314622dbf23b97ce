package dev.menagerie.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP API (payload v2) replies: JSON bodies, and errors as {@code {"error": {"code", "message",
 * "requestId"}}} with the status of their code.
 */
public final class ApiResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiResponses() {}

  public static APIGatewayV2HTTPResponse json(int status, Object body) {
    String text;
    int sent = status;
    try {
      text = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      LOG.error("response body could not be serialised", e);
      sent = 500;
      text = "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"response serialisation failed\"}}";
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(sent)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody(text)
        .withIsBase64Encoded(false)
        .build();
  }

  public static APIGatewayV2HTTPResponse error(ErrorCode code, String message, String requestId) {
    return json(code.httpStatus(), Map.of("error", errorBody(code, message, requestId)));
  }

  /** The inner object of an error reply. */
  public static Map<String, Object> errorBody(ErrorCode code, String message, String requestId) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.name());
    error.put("message", message);
    error.put("requestId", requestId);
    return error;
  }
}
