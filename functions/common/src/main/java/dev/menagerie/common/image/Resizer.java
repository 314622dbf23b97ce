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
    if (src.width() == width && src.height() == height && extentX == width && extentY == height) {
      return src;
    }
    byte[] in = src.interleaved();
    int rowLength = 3 * src.width();
    RowSource rows = (y, rgb) -> System.arraycopy(in, y * rowLength, rgb, 0, rowLength);
    return resize(rows, src.width(), src.height(), extentX, extentY, width, height);
  }

  /**
   * Rows of interleaved RGB made on demand, in increasing order apart from repeats, so an image can
   * be resized without ever being whole in memory (a JPEG's colour conversion feeds the resize row
   * by row).
   */
  interface RowSource {
    /** Writes the {@code 3 * width} bytes of row {@code y} into {@code rgb}. */
    void row(int y, byte[] rgb);
  }

  /**
   * The {@code srcWidth} x {@code srcHeight} image of {@code rows} scaled as {@link
   * #resize(RgbImage, double, double, int, int)} scales one: each output row is a weighted sum of
   * source rows each already resized across, and only the few source rows the current output row
   * needs are kept.
   */
  static RgbImage resize(
      RowSource rows,
      int srcWidth,
      int srcHeight,
      double extentX,
      double extentY,
      int width,
      int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target dimensions must be positive, were " + width + "x" + height);
    }
    if (!(extentX > srcWidth - 1 && extentX <= srcWidth)
        || !(extentY > srcHeight - 1 && extentY <= srcHeight)) {
      throw new IllegalArgumentException(
          "extent "
              + extentX
              + "x"
              + extentY
              + " does not end in the last pixels of a "
              + srcWidth
              + "x"
              + srcHeight
              + " image");
    }
    int rowLength = 3 * width;
    byte[] out = new byte[rowLength * height];
    byte[] source = new byte[3 * srcWidth];
    float[] levels = new float[3 * srcWidth];
    if (srcWidth == width && srcHeight == height && extentX == width && extentY == height) {
      for (int y = 0; y < height; y++) {
        rows.row(y, source);
        System.arraycopy(source, 0, out, y * rowLength, rowLength);
      }
      return new RgbImage(width, height, out);
    }
    Taps horizontal = Taps.between(srcWidth, extentX, width);
    Taps vertical = Taps.between(srcHeight, extentY, height);
    // Source rows resized across, by source row modulo the slots; a window as wide as the most
    // taps of an output row, as the windows of successive output rows only move down.
    int slots = Arrays.stream(vertical.count).max().orElse(1);
    float[][] across = new float[slots][rowLength];
    int[] held = new int[slots];
    Arrays.fill(held, -1);
    float[] sum = new float[rowLength];
    for (int y = 0; y < height; y++) {
      int first = vertical.first[y];
      int w = vertical.offset[y];
      for (int k = 0; k < vertical.count[y]; k++, w++) {
        int sourceRow = first + k;
        int slot = sourceRow % slots;
        float[] row = across[slot];
        if (held[slot] != sourceRow) {
          rows.row(sourceRow, source);
          resizeRow(source, horizontal, width, row, levels);
          held[slot] = sourceRow;
        }
        float weight = vertical.weights[w];
        if (k == 0) {
          for (int i = 0; i < rowLength; i++) {
            sum[i] = weight * row[i];
          }
        } else {
          for (int i = 0; i < rowLength; i++) {
            sum[i] += weight * row[i];
          }
        }
      }
      for (int i = 0, o = y * rowLength; i < rowLength; i++, o++) {
        int value = (int) (sum[i] + 0.5f);
        out[o] = (byte) (value < 0 ? 0 : Math.min(value, 255));
      }
    }
    return new RgbImage(width, height, out);
  }

  /** One source row to {@code width} pixels, kept as floats to round only once. */
  private static void resizeRow(byte[] in, Taps taps, int width, float[] out, float[] levels) {
    int[] firsts = taps.first;
    float[] weights = taps.weights;
    if (taps.threeFirst != null) {
      // Shrinking by 1 to 2 times: three taps each, unrolled; a padding tap weighs 0 and adds 0.
      // Each source sample is made a float once (a loop the JIT vectorizes), not once per tap.
      for (int i = 0; i < levels.length; i++) {
        levels[i] = in[i] & 0xFF;
      }
      int[] threeFirst = taps.threeFirst;
      float[] threeWeights = taps.threeWeights;
      for (int x = 0, o = 0, w = 0; x < width; x++, o += 3, w += 3) {
        int i = 3 * threeFirst[x];
        float w0 = threeWeights[w];
        float w1 = threeWeights[w + 1];
        float w2 = threeWeights[w + 2];
        out[o] = w0 * levels[i] + w1 * levels[i + 3] + w2 * levels[i + 6];
        out[o + 1] = w0 * levels[i + 1] + w1 * levels[i + 4] + w2 * levels[i + 7];
        out[o + 2] = w0 * levels[i + 2] + w1 * levels[i + 5] + w2 * levels[i + 8];
      }
      return;
    }
    int[] counts = taps.count;
    int[] offsets = taps.offset;
    for (int x = 0, o = 0; x < width; x++, o += 3) {
      float r = 0;
      float g = 0;
      float b = 0;
      int w = offsets[x];
      for (int i = 3 * firsts[x], end = w + counts[x]; w < end; w++, i += 3) {
        float weight = weights[w];
        r += weight * (in[i] & 0xFF);
        g += weight * (in[i + 1] & 0xFF);
        b += weight * (in[i + 2] & 0xFF);
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
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

    /**
     * The same taps as exactly three per output index (padded with weight 0, before the real ones
     * at the far edge), so the common shrink by 1 to 2 times runs unrolled; null where some index
     * has more than three or the source has fewer than three pixels.
     */
    final int[] threeFirst;

    final float[] threeWeights;

    private Taps(int[] first, int[] count, int[] offset, float[] weights, int srcLength) {
      this.first = first;
      this.count = count;
      this.offset = offset;
      this.weights = weights;
      boolean fits = srcLength >= 3 && Arrays.stream(count).allMatch(n -> n <= 3);
      threeFirst = fits ? new int[first.length] : null;
      threeWeights = fits ? new float[3 * first.length] : null;
      for (int i = 0; fits && i < first.length; i++) {
        int from = Math.min(first[i], srcLength - 3);
        threeFirst[i] = from;
        for (int k = 0; k < count[i]; k++) {
          threeWeights[3 * i + first[i] - from + k] = weights[offset[i] + k];
        }
      }
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
      return new Taps(first, count, offset, weights, srcLength);
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
      return new Taps(first, count, offset, weights, srcLength);
    }
  }
}
