package dev.menagerie.classify;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Images that callers name by key instead of sending (over the request size limit). */
public final class InboxImages {
  private final S3Client s3;
  private final String bucket;
  private final long maxBytes;

  public InboxImages(S3Client s3, String bucket, long maxBytes) {
    this.s3 = s3;
    this.bucket = bucket;
    this.maxBytes = maxBytes;
  }

  /** Reads the object, refusing one larger than the image byte limit before downloading it. */
  public byte[] read(String key) {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
      if (head.contentLength() != null && head.contentLength() > maxBytes) {
        throw new MenagerieException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            key + " has " + head.contentLength() + " bytes, more than the limit of " + maxBytes);
      }
      if (head.contentLength() != null && head.contentLength() == 0) {
        throw new MenagerieException(ErrorCode.EMPTY_BODY, key + " is empty");
      }
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    } catch (NoSuchKeyException e) {
      throw notFound(key, e);
    } catch (S3Exception e) {
      // Without s3:ListBucket (least privilege) S3 answers a missing key with 403, not 404.
      if (e.statusCode() == 404 || e.statusCode() == 403) {
        throw notFound(key, e);
      }
      throw new MenagerieException(ErrorCode.STORE_UNAVAILABLE, "reading " + key + " failed", e);
    }
  }

  private MenagerieException notFound(String key, Exception cause) {
    return new MenagerieException(
        ErrorCode.NOT_FOUND, "no object " + key + " in the bucket", cause);
  }
}
