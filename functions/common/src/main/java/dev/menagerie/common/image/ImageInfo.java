package dev.menagerie.common.image;

/**
 * What an image's headers say about it. {@code width} and {@code height} are as stored, before the
 * EXIF {@code orientation} (1..8, 1 when absent) is applied; {@link #uprightWidth()} and {@link
 * #uprightHeight()} are the dimensions as displayed.
 */
public record ImageInfo(ImageFormat format, int width, int height, int orientation) {

  public ImageInfo {
    if (format == null) {
      throw new IllegalArgumentException("format must not be null");
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "dimensions must be positive, were " + width + "x" + height);
    }
    if (orientation < 1 || orientation > 8) {
      throw new IllegalArgumentException("orientation must be 1..8, was " + orientation);
    }
  }

  /** Width times height. */
  public long pixelCount() {
    return (long) width * height;
  }

  /** True for orientations 5 to 8, which swap width and height when applied. */
  public boolean isTransposed() {
    return orientation >= 5;
  }

  public int uprightWidth() {
    return isTransposed() ? height : width;
  }

  public int uprightHeight() {
    return isTransposed() ? width : height;
  }
}
