package dev.menagerie.common.image;

import java.util.Arrays;

/**
 * Scales an image to an exact size, each axis on its own: area averaging (a box filter with exact
 * fractional coverage) where the axis shrinks, so every source pixel counts in proportion to the
 * area it covers and nothing aliases; bilinear interpolation between pixel centres where it grows.
 * The aspect ratio is not preserved and nothing is cropped, so training and serving see the same
 * pixels.
 */
public final class Resizer {
  private Resizer() {}

  /**
   * {@code src} scaled to {@code width} x {@code height}; {@code src} itself if already that size.
   */
  public static RgbImage resize(RgbImage src, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target dimensions must be positive, were " + width + "x" + height);
    }
    if (src.width() == width && src.height() == height) {
      return src;
    }
    return resize(src, src.width(), src.height(), width, height);
  }

  /**
   * {@code src} scaled to {@code width} x {@code height}, where the picture covers only {@code
   * extentX} x {@code extentY} of its pixels (at most its size, more than one less): the last
   * column and row hold only that fraction of a pixel of picture. A JPEG decoded at 1/8 scale is
   * such an image when its size is not a multiple of 8; weighting the partial pixels by what they
   * cover keeps the picture from shifting.
   */
  static RgbImage resize(RgbImage src, double extentX, double extentY, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target dimensions must be positive, were " + width + "x" + height);
    }
    if (!(extentX > src.width() - 1 && extentX <= src.width())
        || !(extentY > src.height() - 1 && extentY <= src.height())) {
      throw new IllegalArgumentException(
          "extent " + extentX + "x" + extentY + " does not end in the last pixels of " + src);
    }
    if (src.width() == width && src.height() == height && extentX == width && extentY == height) {
      return src;
    }
    Taps horizontal = Taps.between(src.width(), extentX, width);
    Taps vertical = Taps.between(src.height(), extentY, height);
    float[] rows = resizeRows(src, horizontal, width);
    return new RgbImage(width, height, resizeColumns(rows, vertical, width, height));
  }

  /** Pass one: every source row to {@code width} pixels, kept as floats to round only once. */
  private static float[] resizeRows(RgbImage src, Taps taps, int width) {
    byte[] in = src.interleaved();
    int srcRowLength = 3 * src.width();
    int rowLength = 3 * width;
    float[] out = new float[rowLength * src.height()];
    for (int y = 0; y < src.height(); y++) {
      int inRow = y * srcRowLength;
      int outRow = y * rowLength;
      for (int x = 0; x < width; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        int first = taps.first[x];
        int w = taps.offset[x];
        for (int i = inRow + 3 * first, end = w + taps.count[x]; w < end; w++, i += 3) {
          float weight = taps.weights[w];
          r += weight * (in[i] & 0xFF);
          g += weight * (in[i + 1] & 0xFF);
          b += weight * (in[i + 2] & 0xFF);
        }
        int o = outRow + 3 * x;
        out[o] = r;
        out[o + 1] = g;
        out[o + 2] = b;
      }
    }
    return out;
  }

  /** Pass two: a weighted sum of whole rows per output row, which walks memory in order. */
  private static byte[] resizeColumns(float[] rows, Taps taps, int width, int height) {
    int rowLength = 3 * width;
    byte[] out = new byte[rowLength * height];
    float[] sum = new float[rowLength];
    for (int y = 0; y < height; y++) {
      Arrays.fill(sum, 0f);
      for (int k = 0, w = taps.offset[y]; k < taps.count[y]; k++, w++) {
        float weight = taps.weights[w];
        int row = (taps.first[y] + k) * rowLength;
        for (int i = 0; i < rowLength; i++) {
          sum[i] += weight * rows[row + i];
        }
      }
      int o = y * rowLength;
      for (int i = 0; i < rowLength; i++) {
        int value = (int) (sum[i] + 0.5f);
        out[o + i] = (byte) (value < 0 ? 0 : Math.min(value, 255));
      }
    }
    return out;
  }

  /**
   * For each output index along one axis, the run of source indices that contribute to it ({@code
   * count} of them from {@code first}) and their weights (from {@code offset} in {@code weights}).
   */
  static final class Taps {
    final int[] first;
    final int[] count;
    final int[] offset;
    final float[] weights;

    private Taps(int[] first, int[] count, int[] offset, float[] weights) {
      this.first = first;
      this.count = count;
      this.offset = offset;
      this.weights = weights;
    }

    static Taps between(int srcLength, int dstLength) {
      return between(srcLength, srcLength, dstLength);
    }

    /** Over {@code srcLength} pixels of which the picture covers {@code extent}. */
    static Taps between(int srcLength, double extent, int dstLength) {
      return dstLength < srcLength
          ? areaAverage(srcLength, extent, dstLength)
          : bilinear(srcLength, extent, dstLength);
    }

    /** Output i covers source [i*scale, (i+1)*scale); each source pixel weighs what it covers. */
    private static Taps areaAverage(int srcLength, double extent, int dstLength) {
      double scale = extent / dstLength;
      int maxTaps = (int) Math.ceil(scale) + 1;
      int[] first = new int[dstLength];
      int[] count = new int[dstLength];
      int[] offset = new int[dstLength];
      float[] weights = new float[dstLength * maxTaps];
      int w = 0;
      for (int i = 0; i < dstLength; i++) {
        double start = i * scale;
        double end = Math.min((i + 1) * scale, extent);
        int from = (int) Math.floor(start);
        int to = Math.min((int) Math.ceil(end), srcLength);
        first[i] = from;
        offset[i] = w;
        for (int j = from; j < to; j++) {
          double coverage = Math.min(end, j + 1) - Math.max(start, j);
          weights[w++] = (float) (Math.max(coverage, 0) / scale);
        }
        count[i] = w - offset[i];
      }
      return new Taps(first, count, offset, weights);
    }

    /** Pixel centres aligned (output centre i+0.5 maps to source (i+0.5)*scale), edges clamped. */
    private static Taps bilinear(int srcLength, double extent, int dstLength) {
      double scale = extent / dstLength;
      int[] first = new int[dstLength];
      int[] count = new int[dstLength];
      int[] offset = new int[dstLength];
      float[] weights = new float[dstLength * 2];
      int w = 0;
      for (int i = 0; i < dstLength; i++) {
        double centre = (i + 0.5) * scale - 0.5;
        offset[i] = w;
        if (centre <= 0) {
          first[i] = 0;
          weights[w++] = 1f;
        } else if (centre >= srcLength - 1) {
          first[i] = srcLength - 1;
          weights[w++] = 1f;
        } else {
          int left = (int) Math.floor(centre);
          double fraction = centre - left;
          first[i] = left;
          weights[w++] = (float) (1 - fraction);
          weights[w++] = (float) fraction;
        }
        count[i] = w - offset[i];
      }
      return new Taps(first, count, offset, weights);
    }
  }
}
