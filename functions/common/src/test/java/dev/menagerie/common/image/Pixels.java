package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of decoded pixels, with a tolerance for lossy formats. */
final class Pixels {
  private Pixels() {}

  /** The largest difference between the channels of two packed 0xRRGGBB colours. */
  static int channelDistance(int a, int b) {
    int dr = Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF));
    int dg = Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF));
    int db = Math.abs((a & 0xFF) - (b & 0xFF));
    return Math.max(dr, Math.max(dg, db));
  }

  static void assertColour(RgbImage image, int x, int y, int expected, int tolerance) {
    int actual = image.rgb(x, y);
    assertThat(channelDistance(actual, expected))
        .as("pixel (%d, %d) is %06X, expected %06X within %d", x, y, actual, expected, tolerance)
        .isLessThanOrEqualTo(tolerance);
  }

  /**
   * Checks that each quadrant of {@code image} holds its colour, except a {@code margin} around the
   * quadrant borders (where lossy compression blurs).
   */
  static void assertQuadrants(
      RgbImage image, int tl, int tr, int bl, int br, int margin, int tolerance) {
    int midX = image.width() / 2;
    int midY = image.height() / 2;
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        if (Math.abs(x - midX) < margin || Math.abs(y - midY) < margin) {
          continue;
        }
        boolean left = x < midX;
        boolean top = y < midY;
        assertColour(image, x, y, top ? (left ? tl : tr) : (left ? bl : br), tolerance);
      }
    }
  }

  /** Mean absolute difference over all channels of two images of the same size. */
  static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
    assertThat(b.width()).isEqualTo(a.width());
    assertThat(b.height()).isEqualTo(a.height());
    byte[] x = a.interleaved();
    byte[] y = b.interleaved();
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
    }
    return (double) sum / x.length;
  }
}
