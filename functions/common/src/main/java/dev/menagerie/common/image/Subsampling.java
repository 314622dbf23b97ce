package dev.menagerie.common.image;

/**
 * Keep every {@code x}-th column and {@code y}-th row while decoding: how a large image is read
 * straight into a small buffer when the target is much smaller (ImageIO's source subsampling, which
 * every reader in use supports; for JPEG it also skips most colour conversion). Only whole source
 * pixels are kept (no averaging), so the factor is chosen to leave at least twice the target size
 * on each axis, and the area-averaging resize that follows removes the aliasing.
 */
record Subsampling(int x, int y) {
  static final Subsampling NONE = new Subsampling(1, 1);

  /** How much more than the target a subsampled decode keeps on each axis, at least. */
  static final int MARGIN = 2;

  Subsampling {
    if (x < 1 || y < 1) {
      throw new IllegalArgumentException("subsampling must be at least 1, was " + x + "x" + y);
    }
  }

  static Subsampling plan(int width, int height, int targetWidth, int targetHeight) {
    return new Subsampling(
        Math.max(1, width / (MARGIN * targetWidth)), Math.max(1, height / (MARGIN * targetHeight)));
  }

  boolean isActive() {
    return x > 1 || y > 1;
  }

  /** Sample the middle of each x-by-y block rather than its corner, so the image does not shift. */
  int xOffset() {
    return (x - 1) / 2;
  }

  int yOffset() {
    return (y - 1) / 2;
  }
}
