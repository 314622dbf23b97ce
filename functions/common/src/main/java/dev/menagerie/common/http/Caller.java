package dev.menagerie.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Optional;

/** Who made an HTTP API request, as the authorizer says: the IAM principal or the JWT subject. */
public final class Caller {
  private Caller() {}

  public static Optional<String> of(APIGatewayV2HTTPEvent event) {
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
}
