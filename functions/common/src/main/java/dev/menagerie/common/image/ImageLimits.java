package dev.menagerie.common.image;

import dev.menagerie.common.config.Settings;

/**
 * How much an image may weigh before it is refused: {@code maxBytes} of encoded data and {@code
 * maxPixels} (width times height, as declared by the header) of decoded data.
 */
public record ImageLimits(long maxBytes, long maxPixels) {
  /** 10 MiB and 40 megapixels: more than any phone camera produces, far less than a bomb. */
  public static final ImageLimits DEFAULT = new ImageLimits(10L * 1024 * 1024, 40_000_000L);

  /**
   * The limits a function's environment sets ({@code MAX_IMAGE_BYTES}, {@code MAX_IMAGE_PIXELS}
   * from template.yaml), the defaults where it sets none; bad values are reported by {@code
   * settings.validate}.
   */
  public static ImageLimits fromSettings(Settings settings) {
    return new ImageLimits(
        settings.longValue("MAX_IMAGE_BYTES", DEFAULT.maxBytes(), 1024, 64L * 1024 * 1024),
        settings.longValue("MAX_IMAGE_PIXELS", DEFAULT.maxPixels(), 64, 500_000_000L));
  }

  public ImageLimits {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
    }
  }
}
