package dev.menagerie.common.store;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads inbox objects (the classify function's {@code s3Key}, bulk identification). A deleted
 * object is an answer ({@link Optional#empty()}), an oversized one a client error (recorded, never
 * retried); anything else that goes wrong propagates so that only that record is retried.
 */
public final class InboxReader {
  private final S3Client s3;
  private final String bucket;
  private final long maxBytes;

  public InboxReader(S3Client s3, String bucket, long maxBytes) {
    this.s3 = s3;
    this.bucket = bucket;
    this.maxBytes = maxBytes;
  }

  /** The bytes and the ETag that goes with them. */
  public record Content(byte[] bytes, String etag) {}

  /** The object's content, or empty when it no longer exists. */
  public Optional<Content> read(String key) {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
      GetObjectResponse response = in.response();
      if (response.contentLength() != null && response.contentLength() > maxBytes) {
        in.abort();
        throw new MenagerieException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            key + " has " + response.contentLength() + " bytes, more than " + maxBytes);
      }
      return Optional.of(
          new Content(in.readAllBytes(), stripQuotes(String.valueOf(response.eTag()))));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      // Without s3:ListBucket, S3 answers a missing key with 403 rather than 404.
      if (e.statusCode() == 404 || e.statusCode() == 403) {
        return Optional.empty();
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + key + " failed", e);
    }
  }

  /** S3 quotes ETags; stored and compared without them. */
  public static String stripQuotes(String etag) {
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }
}
