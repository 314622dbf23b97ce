package dev.menagerie.common.image;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Image container formats, recognised by their magic bytes (never by a file name or a declared
 * content type, which callers may get wrong).
 */
public enum ImageFormat {
  JPEG(true, "jpg", "jpeg"),
  PNG(true, "png"),
  GIF(true, "gif"),
  BMP(true, "bmp"),
  WEBP(false, "webp"),
  TIFF(false, "tif", "tiff"),
  /** HEIF and its relatives in an ISO-BMFF container (HEIC, AVIF). */
  HEIF(false, "heic", "heif", "avif");

  /** BMP info header sizes in the wild: OS/2 1.x and 2.x, Windows v1 to v5 (and Adobe's two). */
  private static final Set<Integer> BMP_INFO_HEADER_SIZES =
      Set.of(12, 16, 40, 52, 56, 64, 108, 124);

  /** Major brands of the HEIF family (ISO/IEC 23008-12 and the AVIF specification). */
  private static final Set<String> HEIF_BRANDS =
      Set.of(
          "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif",
          "avis");

  private final boolean decodable;
  private final List<String> extensions;

  ImageFormat(boolean decodable, String... extensions) {
    this.decodable = decodable;
    this.extensions = List.of(extensions);
  }

  /**
   * The file-name extensions (lower case, no dot) this format is stored under. Only where bytes are
   * not at hand, as in a bucket listing; decoding always goes by the magic bytes.
   */
  public List<String> extensions() {
    return extensions;
  }

  /** The format a file-name extension ({@code "JPG"}, {@code "webp"}, no dot) names, if any. */
  public static Optional<ImageFormat> byExtension(String extension) {
    String lower = extension.toLowerCase(Locale.ROOT);
    for (ImageFormat format : values()) {
      if (format.extensions.contains(lower)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /** True when {@link ImageDecoder} decodes this format; the others are refused as unsupported. */
  public boolean isDecodable() {
    return decodable;
  }

  /** The format whose magic bytes {@code data} starts with, if any. */
  public static Optional<ImageFormat> detect(byte[] data) {
    if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(data, 0, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(data, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of(GIF);
    }
    if (isBmp(data)) {
      return Optional.of(BMP);
    }
    if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    if (startsWith(data, 0, 'I', 'I', 42, 0)
        || startsWith(data, 0, 'M', 'M', 0, 42)
        || startsWith(data, 0, 'I', 'I', 43, 0)
        || startsWith(data, 0, 'M', 'M', 0, 43)) {
      return Optional.of(TIFF);
    }
    if (startsWith(data, 4, 'f', 't', 'y', 'p')
        && data.length >= 12
        && HEIF_BRANDS.contains(new String(data, 8, 4, StandardCharsets.ISO_8859_1))) {
      return Optional.of(HEIF);
    }
    return Optional.empty();
  }

  /** "BM" alone is too weak (text starts with it), so the info header size must be a known one. */
  private static boolean isBmp(byte[] data) {
    if (!startsWith(data, 0, 'B', 'M') || data.length < 18) {
      return false;
    }
    int infoHeaderSize =
        (data[14] & 0xFF)
            | (data[15] & 0xFF) << 8
            | (data[16] & 0xFF) << 16
            | (data[17] & 0xFF) << 24;
    return BMP_INFO_HEADER_SIZES.contains(infoHeaderSize);
  }

  private static boolean startsWith(byte[] data, int offset, int... magic) {
    if (data.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((data[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
