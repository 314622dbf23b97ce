package dev.menagerie.training.data;

import dev.menagerie.common.image.RgbImage;
import java.util.Random;

/**
 * Random left-right flip, rotation within ±{@code rotationDegrees} and zoom by a factor within
 * [{@code zoomMin}, {@code zoomMax}] (above 1 zooms in: the subject grows; below 1 zooms out: it
 * shrinks, the border is filled by repeating the edge pixels). An image flagged small-subject is
 * never zoomed out: its factor is drawn from [max(1, zoomMin), max(1, zoomMax)].
 *
 * <p>Every call draws the same three numbers from the given {@link Random}, whatever the flags, so
 * a seeded run augments each image the same way every time.
 */
public record Augmentation(boolean flip, float rotationDegrees, float zoomMin, float zoomMax) {

  /** No augmentation: {@link #apply} returns its input. */
  public static final Augmentation NONE = new Augmentation(false, 0f, 1f, 1f);

  public Augmentation {
    if (!(rotationDegrees >= 0 && rotationDegrees <= 180)) {
      throw new IllegalArgumentException(
          "rotation must be within 0..180 degrees, was " + rotationDegrees);
    }
    if (!(zoomMin > 0 && zoomMin <= zoomMax && zoomMax <= 4)) {
      throw new IllegalArgumentException(
          "zoom range must satisfy 0 < min <= max <= 4, was " + zoomMin + ".." + zoomMax);
    }
  }

  /** The transform drawn for one image. */
  public record Draw(boolean flipped, double degrees, double zoom) {
    boolean isIdentity() {
      return !flipped && degrees == 0 && zoom == 1;
    }
  }

  /** Draws one image's transform (three draws from {@code random}, always). */
  public Draw draw(boolean smallSubject, Random random) {
    boolean flipped = random.nextBoolean();
    double u = random.nextDouble();
    double v = random.nextDouble();
    double lo = smallSubject ? Math.max(1, zoomMin) : zoomMin;
    double hi = smallSubject ? Math.max(1, zoomMax) : zoomMax;
    return new Draw(
        flip && flipped, (2 * u - 1) * rotationDegrees, hi == lo ? lo : lo + v * (hi - lo));
  }

  /** {@code image} flipped, rotated and zoomed by one draw. */
  public RgbImage apply(RgbImage image, boolean smallSubject, Random random) {
    return transform(image, draw(smallSubject, random));
  }

  /** Applies a given transform (bilinear sampling, edges repeated outside the image). */
  public static RgbImage transform(RgbImage image, Draw draw) {
    if (draw.isIdentity()) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    byte[] src = image.interleaved();
    byte[] dst = new byte[w * h * 3];
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double radians = Math.toRadians(draw.degrees());
    double cos = Math.cos(radians) / draw.zoom();
    double sin = Math.sin(radians) / draw.zoom();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = draw.flipped() ? cx - x : x - cx;
        double dy = y - cy;
        // inverse mapping: rotate back by -angle, scale by 1/zoom
        double sx = cos * dx + sin * dy + cx;
        double sy = -sin * dx + cos * dy + cy;
        sample(src, w, h, sx, sy, dst, (y * w + x) * 3);
      }
    }
    return new RgbImage(w, h, dst);
  }

  private static void sample(byte[] src, int w, int h, double sx, double sy, byte[] dst, int at) {
    double fx = Math.min(Math.max(sx, 0), w - 1);
    double fy = Math.min(Math.max(sy, 0), h - 1);
    int x0 = (int) Math.floor(fx);
    int y0 = (int) Math.floor(fy);
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    double ax = fx - x0;
    double ay = fy - y0;
    for (int c = 0; c < 3; c++) {
      double top =
          (src[(y0 * w + x0) * 3 + c] & 0xFF) * (1 - ax) + (src[(y0 * w + x1) * 3 + c] & 0xFF) * ax;
      double bottom =
          (src[(y1 * w + x0) * 3 + c] & 0xFF) * (1 - ax) + (src[(y1 * w + x1) * 3 + c] & 0xFF) * ax;
      dst[at + c] = (byte) Math.round(top * (1 - ay) + bottom * ay);
    }
  }
}
