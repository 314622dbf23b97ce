package dev.menagerie.common.image;

/**
 * How much an image may weigh before it is refused: {@code maxBytes} of encoded data and {@code
 * maxPixels} (width times height, as declared by the header) of decoded data.
 */
public record ImageLimits(long maxBytes, long maxPixels) {
  /** 10 MiB and 40 megapixels: more than any phone camera produces, far less than a bomb. */
  public static final ImageLimits DEFAULT = new ImageLimits(10L * 1024 * 1024, 40_000_000L);

  public ImageLimits {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
    }
  }
}
