package dev.menagerie.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** API Gateway HTTP API (v2) events as the classify route receives them. */
public final class Events {
  private Events() {}

  /** {@code POST /classify} with a raw JPEG body (base64, as API Gateway hands binary bodies). */
  public static APIGatewayV2HTTPEvent classifyJpeg(byte[] jpeg) {
    APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
    context.setRequestId(UUID.randomUUID().toString());
    context.setRouteKey("POST /classify");
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setVersion("2.0");
    event.setRouteKey("POST /classify");
    event.setRawPath("/classify");
    event.setHeaders(Map.of("content-type", "image/jpeg"));
    event.setBody(Base64.getEncoder().encodeToString(jpeg));
    event.setIsBase64Encoded(true);
    event.setRequestContext(context);
    return event;
  }
}
