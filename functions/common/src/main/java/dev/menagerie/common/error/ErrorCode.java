package dev.menagerie.common.error;

/**
 * Every failure a caller can see, with the HTTP status it maps to. The name is the machine-readable
 * code in error responses, transactions and Step Functions error names.
 */
public enum ErrorCode {
  /** The body was empty. */
  EMPTY_BODY(400),
  /** The body claimed to be JSON and was not, or had the wrong shape. */
  INVALID_JSON(400),
  /** An image field or a base64 body did not decode. */
  INVALID_BASE64(400),
  /** A query parameter or field had a value outside what is allowed. */
  INVALID_PARAMETER(400),
  /** The bytes are not an image of any kind we recognise. */
  NOT_AN_IMAGE(400),
  /** The image format was recognised but the data is truncated or damaged. */
  CORRUPT_IMAGE(400),
  /** An s3Key outside the prefixes a caller may name. */
  INVALID_S3_KEY(400),
  /** Authentication is missing where it is needed. */
  UNAUTHORIZED(401),
  /** The named object or record does not exist. */
  NOT_FOUND(404),
  /** No route matches the request path. */
  ROUTE_NOT_FOUND(404),
  /** The route exists, the method does not. */
  METHOD_NOT_ALLOWED(405),
  /** A conditional write lost: somebody else changed the record first. */
  CONFLICT(409),
  /** A training run's library has too few classes at the cutoff to train a classifier. */
  TOO_FEW_CLASSES(422),
  /** The body has more bytes than allowed. */
  PAYLOAD_TOO_LARGE(413),
  /** The image header declares more pixels than allowed (a decompression bomb, or just huge). */
  TOO_MANY_PIXELS(413),
  /** A recognised format, or a declared content type, that we do not decode. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** There is no production model to serve. */
  NO_PRODUCTION_MODEL(503),
  /** A backing store failed or throttled after retries; the request may be retried. */
  STORE_UNAVAILABLE(503),
  /** Our fault. */
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** True when the caller caused it (a 4xx). */
  public boolean isClientError() {
    return httpStatus >= 400 && httpStatus < 500;
  }
}
