package dev.menagerie.common.error;

/**
 * A store (DynamoDB, S3) did not answer, or throttled, after the SDK's own retries: the request or
 * task may be retried. Its class name is the error name a Step Functions Retry lists: on AWS the
 * Java runtime reports a failed invocation's {@code errorType} as the exception's class name, and
 * the local runner does the same.
 */
public final class StoreUnavailableException extends MenagerieException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(ErrorCode.STORE_UNAVAILABLE, message, cause);
  }
}
