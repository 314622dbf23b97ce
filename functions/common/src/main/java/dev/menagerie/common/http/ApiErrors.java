package dev.menagerie.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.Failures;
import dev.menagerie.common.error.MenagerieException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from a failure to what an HTTP caller sees, for every HTTP handler: our codes
 * with their status and message; a store that is unavailable or throttling (after the SDK's
 * retries) a 503 {@code STORE_UNAVAILABLE}; anything else a 500 {@code INTERNAL} that says nothing
 * of our insides. Each failure is logged once here: a refusal at info, our fault with its trace.
 */
public final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** An error reply's code and message. */
  public record ApiError(ErrorCode code, String message) {
    public int status() {
      return code.httpStatus();
    }
  }

  /** What the caller of {@code route} sees for {@code failure}. */
  public static ApiError of(RuntimeException failure, String route) {
    if (Failures.named(failure) instanceof MenagerieException known) {
      if (known.code().isClientError()) {
        LOG.info("{} refused: {} {}", route, known.code(), known.getMessage());
      } else {
        LOG.warn("{} failed: {} {}", route, known.code(), known.getMessage(), known);
      }
      return new ApiError(known.code(), known.getMessage());
    }
    LOG.error("{} failed unexpectedly", route, failure);
    return new ApiError(ErrorCode.INTERNAL, "an internal error occurred");
  }

  /** The error reply to {@code route} for {@code failure}. */
  public static APIGatewayV2HTTPResponse response(
      RuntimeException failure, String route, String requestId) {
    ApiError error = of(failure, route);
    return ApiResponses.error(error.code(), error.message(), requestId);
  }
}
