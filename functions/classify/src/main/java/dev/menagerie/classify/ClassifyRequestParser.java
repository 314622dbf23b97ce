package dev.menagerie.classify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the body, content type and query of an HTTP API request into a {@link ClassifyRequest}: a
 * raw image body (base64 as API Gateway delivers binary), JSON {@code {"image": "<base64>"}}, or
 * JSON {@code {"s3Key": "inbox/..."}}. Every way a request can be wrong has its own error code.
 */
public final class ClassifyRequestParser {
  /** Content types accepted for a raw image body (besides none at all). */
  public static final Set<String> RAW_TYPES =
      Set.of(
          "image/jpeg",
          "image/jpg",
          "image/png",
          "image/gif",
          "image/bmp",
          "image/webp",
          "image/heic",
          "image/heif",
          "image/tiff",
          "application/octet-stream");

  private static final Pattern S3_KEY = Pattern.compile("inbox/[A-Za-z0-9!_.*'()/ =+-]{1,1000}");
  private static final int MAX_JSON_DEPTH = 16;

  private final ObjectMapper json;
  private final long maxImageBytes;
  private final int defaultTopK;
  private final int topKMax;

  public ClassifyRequestParser(long maxImageBytes, int defaultTopK, int topKMax) {
    this.maxImageBytes = maxImageBytes;
    this.defaultTopK = defaultTopK;
    this.topKMax = topKMax;
    // base64 of the largest image, plus room for the JSON around it
    int maxString = (int) Math.min(Integer.MAX_VALUE, maxImageBytes / 3 * 4 + 1024);
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_JSON_DEPTH)
                    .maxStringLength(maxString)
                    .maxNumberLength(32)
                    .build())
            .build();
    this.json = new ObjectMapper(factory);
  }

  public ClassifyRequest parse(
      String body, boolean base64Encoded, String contentType, Map<String, String> query) {
    int topK = topK(query == null ? null : query.get("topK"));
    String mediaType = mediaType(contentType);
    if (body == null || body.isEmpty()) {
      throw new MenagerieException(
          ErrorCode.EMPTY_BODY, "the request body is empty: send an image");
    }
    if (mediaType.equals("application/json")) {
      return parseJson(base64Encoded ? decodeBase64(body, "the body") : utf8(body), topK);
    }
    if (!mediaType.isEmpty() && !RAW_TYPES.contains(mediaType)) {
      throw new MenagerieException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "content type "
              + mediaType
              + " is not accepted; send an image (image/jpeg, image/png, "
              + "application/octet-stream) or application/json");
    }
    byte[] image =
        base64Encoded ? decodeBase64(body, "the body") : body.getBytes(StandardCharsets.ISO_8859_1);
    if (image.length == 0) {
      // a base64 body of only padding or line breaks (found by fuzzing): nothing to classify
      throw new MenagerieException(
          ErrorCode.EMPTY_BODY, "the request body decodes to no bytes: send an image");
    }
    checkSize(image.length);
    return new ClassifyRequest(
        Optional.of(image), Optional.empty(), topK, ClassifyRequest.SOURCE_BODY);
  }

  private ClassifyRequest parseJson(byte[] body, int topK) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MenagerieException(
          ErrorCode.INVALID_JSON, "the body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new MenagerieException(ErrorCode.INVALID_JSON, "the body could not be read as JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new MenagerieException(
          ErrorCode.INVALID_JSON, "the JSON body must be an object with \"image\" or \"s3Key\"");
    }
    JsonNode image = root.get("image");
    JsonNode key = root.get("s3Key");
    if ((image == null) == (key == null)) {
      throw new MenagerieException(
          ErrorCode.INVALID_JSON, "give exactly one of \"image\" (base64) or \"s3Key\"");
    }
    if (image != null) {
      if (!image.isTextual()) {
        throw new MenagerieException(ErrorCode.INVALID_JSON, "\"image\" must be a base64 string");
      }
      byte[] bytes = decodeBase64(image.textValue(), "\"image\"");
      if (bytes.length == 0) {
        throw new MenagerieException(ErrorCode.EMPTY_BODY, "\"image\" is empty");
      }
      checkSize(bytes.length);
      return new ClassifyRequest(
          Optional.of(bytes), Optional.empty(), topK, ClassifyRequest.SOURCE_JSON);
    }
    if (!key.isTextual()
        || !S3_KEY.matcher(key.textValue()).matches()
        || key.textValue().contains("..")) {
      throw new MenagerieException(
          ErrorCode.INVALID_S3_KEY,
          "\"s3Key\" must name an object under inbox/ (letters, digits and !_.*'()/ =+- only, "
              + "no \"..\")");
    }
    return new ClassifyRequest(
        Optional.empty(), Optional.of(key.textValue()), topK, ClassifyRequest.SOURCE_S3);
  }

  private int topK(String raw) {
    if (raw == null || raw.isEmpty()) {
      return defaultTopK;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= 1 && value <= topKMax) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new MenagerieException(
        ErrorCode.INVALID_PARAMETER,
        "topK must be a whole number from 1 to " + topKMax + ", was '" + raw + "'");
  }

  private void checkSize(long bytes) {
    if (bytes > maxImageBytes) {
      throw new MenagerieException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the image has "
              + bytes
              + " bytes, more than the limit of "
              + maxImageBytes
              + "; upload it to the inbox and send {\"s3Key\": ...}");
    }
  }

  private static byte[] decodeBase64(String text, String what) {
    try {
      // strict alphabet; only line breaks and spaces (as from `base64` or PEM-style wrapping)
      // removed. API Gateway's own encoding has none, so the copy is made only when needed.
      return Base64.getDecoder().decode(withoutWhitespace(text));
    } catch (IllegalArgumentException e) {
      throw new MenagerieException(
          ErrorCode.INVALID_BASE64, what + " is not valid base64: " + e.getMessage(), e);
    }
  }

  /** The text without the characters regex {@code \s} matches: space and U+0009 to U+000D. */
  static String withoutWhitespace(String text) {
    int first = 0;
    while (first < text.length() && !isWhitespace(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder kept = new StringBuilder(text.length());
    kept.append(text, 0, first);
    for (int i = first + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isWhitespace(c)) {
        kept.append(c);
      }
    }
    return kept.toString();
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static byte[] utf8(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
