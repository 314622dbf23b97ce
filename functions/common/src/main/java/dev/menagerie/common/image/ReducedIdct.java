package dev.menagerie.common.image;

/**
 * The inverse DCT of an 8x8 block straight to {@code nx} x {@code ny} pixels (each 1, 2, 4 or 8),
 * each the mean of the {@code 8/nx} x {@code 8/ny} pixels the full transform would give: the
 * reduced image is exactly a box-filtered full decode, what the area-averaging resize that follows
 * would have made of it anyway. 1 x 1 is the DC term alone (done by the caller); larger sizes are
 * separable matrix products done sparsely, as a photo's blocks are mostly zeros: each non-zero
 * coefficient is added into its row's horizontal transform as it is decoded ({@link #add}), then
 * {@link #finish} transforms down the columns over the rows that had any.
 */
final class ReducedIdct {
  /** BASIS[n][u * 8 + i]: the weight of frequency u in output pixel i of an n-pixel line. */
  private static final float[][] BASIS = new float[9][];

  static {
    for (int n = 1; n <= 8; n <<= 1) {
      int group = 8 / n;
      float[] basis = new float[64];
      for (int i = 0; i < n; i++) {
        for (int u = 0; u < 8; u++) {
          double scale = u == 0 ? Math.sqrt(0.5) / 2 : 0.5;
          double sum = 0;
          for (int x = i * group; x < (i + 1) * group; x++) {
            sum += Math.cos((2 * x + 1) * u * Math.PI / 16);
          }
          basis[u * 8 + i] = (float) (scale * sum / group);
        }
      }
      BASIS[n] = basis;
    }
  }

  private ReducedIdct() {}

  /**
   * For each coefficient k in zigzag order, its weights in the {@code nx} points of its row's
   * transform times its quantization step: {@code kernel[k * 8 + i]}, so decoding adds {@code value
   * * kernel[k * 8 + i]} into row {@link #rowOf}(k) without dequantizing first.
   */
  static float[] kernel(int[] quantization, int nx) {
    float[] basis = BASIS[nx];
    float[] kernel = new float[64 * 8];
    for (int k = 0; k < 64; k++) {
      int u = (JpegScaledDecoder.NATURAL_ORDER[k] & 7) * 8;
      for (int i = 0; i < nx; i++) {
        kernel[k * 8 + i] = quantization[k] * basis[u + i];
      }
    }
    return kernel;
  }

  /** Offset in the rows of {@link #add} of the row of the k-th coefficient in zigzag order. */
  static final int[] ROW_OF = new int[64];

  static {
    for (int k = 0; k < 64; k++) {
      ROW_OF[k] = JpegScaledDecoder.NATURAL_ORDER[k] & ~7;
    }
  }

  /**
   * Adds the dequantized coefficient {@code value} at natural position {@code z} (row-major) into
   * {@code rows}: row {@code z / 8} of it holds the {@code nx}-point horizontal transform of that
   * row of coefficients so far. Returns the bit of the row, for the caller's mask of rows in use.
   */
  static int add(float[] rows, int z, float value, int nx) {
    float[] basis = BASIS[nx];
    int row = z & ~7;
    int u = (z & 7) * 8;
    if (nx == 4) {
      rows[row] += value * basis[u];
      rows[row + 1] += value * basis[u + 1];
      rows[row + 2] += value * basis[u + 2];
      rows[row + 3] += value * basis[u + 3];
    } else if (nx == 8) {
      rows[row] += value * basis[u];
      rows[row + 1] += value * basis[u + 1];
      rows[row + 2] += value * basis[u + 2];
      rows[row + 3] += value * basis[u + 3];
      rows[row + 4] += value * basis[u + 4];
      rows[row + 5] += value * basis[u + 5];
      rows[row + 6] += value * basis[u + 6];
      rows[row + 7] += value * basis[u + 7];
    } else {
      for (int i = 0; i < nx; i++) {
        rows[row + i] += value * basis[u + i];
      }
    }
    return 1 << (z >> 3);
  }

  /**
   * Transforms the rows {@link #add} built down the columns to {@code ny} pixel rows, writes the
   * {@code nx} x {@code ny} pixels into {@code out} from {@code offset}, lines {@code stride}
   * apart, and clears the rows for the next block. {@code used} has bit v set for each row v in
   * use.
   */
  static void finish(
      float[] rows, int used, int nx, int ny, byte[] out, int offset, int stride, float[] line) {
    if (nx == 8) {
      finish8(rows, used, ny, out, offset, stride);
      return;
    }
    if (nx == 4) {
      finish4(rows, used, ny, out, offset, stride);
      return;
    }
    float[] basis = BASIS[ny];
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        line[i] = 128.5f; // level shift, and rounding by the truncation below
      }
      for (int v = 0; v < 8; v++) {
        if ((used & 1 << v) != 0) {
          float weight = basis[v * 8 + j];
          int row = v * 8;
          for (int i = 0; i < nx; i++) {
            line[i] += weight * rows[row + i];
          }
        }
      }
      int at = offset + j * stride;
      for (int i = 0; i < nx; i++) {
        out[at + i] = clamp((int) line[i]);
      }
    }
    clear(rows, used);
  }

  /**
   * {@link #finish} for 8-pixel rows, the widest and most common at full and half scale. Every
   * basis is symmetric about the block's middle (even frequencies) or antisymmetric (odd), so each
   * pair of pixel rows j and ny-1-j is the sum and difference of two half sums.
   */
  private static void finish8(float[] rows, int used, int ny, byte[] out, int offset, int stride) {
    float[] basis = BASIS[ny];
    int end = 8 * (32 - Integer.numberOfLeadingZeros(used));
    for (int j = 0; j < (ny + 1) / 2; j++) {
      float e0 = 0;
      float e1 = 0;
      float e2 = 0;
      float e3 = 0;
      float e4 = 0;
      float e5 = 0;
      float e6 = 0;
      float e7 = 0;
      for (int row = 0; row < end; row += 16) {
        float w = basis[row + j];
        e0 += w * rows[row];
        e1 += w * rows[row + 1];
        e2 += w * rows[row + 2];
        e3 += w * rows[row + 3];
        e4 += w * rows[row + 4];
        e5 += w * rows[row + 5];
        e6 += w * rows[row + 6];
        e7 += w * rows[row + 7];
      }
      float o0 = 0;
      float o1 = 0;
      float o2 = 0;
      float o3 = 0;
      float o4 = 0;
      float o5 = 0;
      float o6 = 0;
      float o7 = 0;
      for (int row = 8; row < end; row += 16) {
        float w = basis[row + j];
        o0 += w * rows[row];
        o1 += w * rows[row + 1];
        o2 += w * rows[row + 2];
        o3 += w * rows[row + 3];
        o4 += w * rows[row + 4];
        o5 += w * rows[row + 5];
        o6 += w * rows[row + 6];
        o7 += w * rows[row + 7];
      }
      int at = offset + j * stride;
      int mirror = offset + (ny - 1 - j) * stride;
      out[mirror] = clamp((int) (128.5f + e0 - o0));
      out[mirror + 1] = clamp((int) (128.5f + e1 - o1));
      out[mirror + 2] = clamp((int) (128.5f + e2 - o2));
      out[mirror + 3] = clamp((int) (128.5f + e3 - o3));
      out[mirror + 4] = clamp((int) (128.5f + e4 - o4));
      out[mirror + 5] = clamp((int) (128.5f + e5 - o5));
      out[mirror + 6] = clamp((int) (128.5f + e6 - o6));
      out[mirror + 7] = clamp((int) (128.5f + e7 - o7));
      // level shift, and rounding by the truncation; written last where ny is 1 and at is mirror
      out[at] = clamp((int) (128.5f + e0 + o0));
      out[at + 1] = clamp((int) (128.5f + e1 + o1));
      out[at + 2] = clamp((int) (128.5f + e2 + o2));
      out[at + 3] = clamp((int) (128.5f + e3 + o3));
      out[at + 4] = clamp((int) (128.5f + e4 + o4));
      out[at + 5] = clamp((int) (128.5f + e5 + o5));
      out[at + 6] = clamp((int) (128.5f + e6 + o6));
      out[at + 7] = clamp((int) (128.5f + e7 + o7));
    }
    clear(rows, used);
  }

  /** {@link #finish} for 4-pixel rows (luma at half scale, chroma at a quarter), as finish8. */
  private static void finish4(float[] rows, int used, int ny, byte[] out, int offset, int stride) {
    float[] basis = BASIS[ny];
    int end = 8 * (32 - Integer.numberOfLeadingZeros(used));
    for (int j = 0; j < (ny + 1) / 2; j++) {
      float e0 = 0;
      float e1 = 0;
      float e2 = 0;
      float e3 = 0;
      for (int row = 0; row < end; row += 16) {
        float w = basis[row + j];
        e0 += w * rows[row];
        e1 += w * rows[row + 1];
        e2 += w * rows[row + 2];
        e3 += w * rows[row + 3];
      }
      float o0 = 0;
      float o1 = 0;
      float o2 = 0;
      float o3 = 0;
      for (int row = 8; row < end; row += 16) {
        float w = basis[row + j];
        o0 += w * rows[row];
        o1 += w * rows[row + 1];
        o2 += w * rows[row + 2];
        o3 += w * rows[row + 3];
      }
      int at = offset + j * stride;
      int mirror = offset + (ny - 1 - j) * stride;
      out[at] = clamp((int) (128.5f + e0 + o0));
      out[at + 1] = clamp((int) (128.5f + e1 + o1));
      out[at + 2] = clamp((int) (128.5f + e2 + o2));
      out[at + 3] = clamp((int) (128.5f + e3 + o3));
      out[mirror] = clamp((int) (128.5f + e0 - o0));
      out[mirror + 1] = clamp((int) (128.5f + e1 - o1));
      out[mirror + 2] = clamp((int) (128.5f + e2 - o2));
      out[mirror + 3] = clamp((int) (128.5f + e3 - o3));
    }
    clear(rows, used);
  }

  private static void clear(float[] rows, int used) {
    int last = 31 - Integer.numberOfLeadingZeros(used);
    java.util.Arrays.fill(rows, 0, 8 * (last + 1), 0f);
  }

  /** The pixel of a block whose only term is the dequantized DC {@code dc}: its mean, rounded. */
  static byte dcOnly(int dc) {
    return clamp(((dc + 4) >> 3) + 128);
  }

  static byte clamp(int value) {
    return (byte) (value < 0 ? 0 : Math.min(value, 255));
  }
}
