package dev.menagerie.common.error;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one rule for naming a failure: ours keep their code; a store that did not answer or throttled
 * (after the SDK's retries) becomes {@link StoreUnavailableException}; anything else is left as it
 * is (a bug or a misconfiguration, which retrying does not cure). HTTP handlers map the result to a
 * status ({@code dev.menagerie.common.http.ApiErrors}); Step Functions task handlers throw it, so
 * the execution sees the class name a Retry can list.
 */
public final class Failures {
  private Failures() {}

  /** {@code failure} as Menagerie names it. */
  public static RuntimeException named(RuntimeException failure) {
    if (failure instanceof MenagerieException) {
      return failure;
    }
    if (failure instanceof SdkException sdk && isTransient(sdk)) {
      return new StoreUnavailableException(describe(sdk), sdk);
    }
    return failure;
  }

  /**
   * True when the store gave no answer (network, time limits) or answered that it is throttling or
   * failing (a 5xx): conditions that pass. A 4xx other than throttling (a missing table, a bad
   * request, access denied) is ours to fix.
   */
  public static boolean isTransient(SdkException failure) {
    if (failure instanceof SdkClientException) {
      return true;
    }
    return failure instanceof SdkServiceException service
        && (service.isThrottlingException() || service.statusCode() >= 500);
  }

  private static String describe(SdkException failure) {
    String what =
        failure instanceof SdkServiceException service
            ? (service.isThrottlingException() ? "throttled" : "failed")
                + " (HTTP "
                + service.statusCode()
                + ")"
            : "did not answer";
    return "a store " + what + " after retries; retry later";
  }
}
