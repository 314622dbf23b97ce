package dev.menagerie.common.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What every handler reads from an HTTP API (payload v2) request besides its own parameters. */
public final class ApiRequests {
  private ApiRequests() {}

  /** Who made the request, as the authorizer says: the IAM principal or the JWT subject. */
  public static Optional<String> caller(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    if (context == null || context.getAuthorizer() == null) {
      return Optional.empty();
    }
    APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = context.getAuthorizer();
    if (authorizer.getIam() != null && authorizer.getIam().getUserArn() != null) {
      return Optional.of(authorizer.getIam().getUserArn());
    }
    if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
      return Optional.ofNullable(authorizer.getJwt().getClaims().get("sub"));
    }
    return Optional.empty();
  }

  /**
   * API Gateway's request id (the key transactions and logs share), else Lambda's, else a fresh
   * one.
   */
  public static String requestId(APIGatewayV2HTTPEvent event, Context context) {
    if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
      return event.getRequestContext().getRequestId();
    }
    if (context != null && context.getAwsRequestId() != null) {
      return context.getAwsRequestId();
    }
    return UUID.randomUUID().toString();
  }

  /** The query parameters, never null. */
  public static Map<String, String> query(APIGatewayV2HTTPEvent event) {
    return event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
  }
}
