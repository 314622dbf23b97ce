package dev.menagerie.classify;

import java.util.Optional;

/**
 * What the caller asked for: image bytes from the body, or the key of an image in the bucket's
 * inbox; how many labels to return.
 */
public record ClassifyRequest(
    Optional<byte[]> image, Optional<String> s3Key, int topK, String source) {
  public static final String SOURCE_BODY = "body";
  public static final String SOURCE_JSON = "json";
  public static final String SOURCE_S3 = "s3";
}
