package dev.menagerie.common.image;

/**
 * The inverse DCT of an 8x8 block straight to {@code nx} x {@code ny} pixels (each 1, 2, 4 or 8),
 * each the mean of the {@code 8/nx} x {@code 8/ny} pixels the full transform would give: the
 * reduced image is exactly a box-filtered full decode, what the area-averaging resize that follows
 * would have made of it anyway. n = 1 is the DC term alone (done by the caller); larger n are
 * separable matrix products that skip the rows of coefficients that are all zero, which in a photo
 * are most.
 */
final class ReducedIdct {
  /** BASIS[n][i * 8 + u]: the weight of frequency u in output pixel i of an n-pixel row. */
  private static final float[][] BASIS = new float[9][];

  static {
    for (int n = 1; n <= 8; n <<= 1) {
      int group = 8 / n;
      float[] basis = new float[n * 8];
      for (int i = 0; i < n; i++) {
        for (int u = 0; u < 8; u++) {
          double scale = u == 0 ? Math.sqrt(0.5) / 2 : 0.5;
          double sum = 0;
          for (int x = i * group; x < (i + 1) * group; x++) {
            sum += Math.cos((2 * x + 1) * u * Math.PI / 16);
          }
          basis[i * 8 + u] = (float) (scale * sum / group);
        }
      }
      BASIS[n] = basis;
    }
  }

  private ReducedIdct() {}

  /**
   * Writes the nx x ny pixels of the dequantized {@code coefficients} (natural order, 64) into
   * {@code out} from {@code offset}, rows {@code stride} apart. {@code rows} has bit v set if row v
   * of the coefficients has any non-zero term. {@code work} is scratch of at least 64 floats.
   */
  static void transform(
      float[] coefficients,
      int rows,
      int nx,
      int ny,
      byte[] out,
      int offset,
      int stride,
      float[] work) {
    float[] basis = BASIS[nx];
    // Pass one: each non-zero coefficient row to nx values (work[v * 8 + i]).
    for (int v = 0; v < 8; v++) {
      if ((rows & 1 << v) == 0) {
        continue;
      }
      int row = v * 8;
      for (int i = 0; i < nx; i++) {
        int b = i * 8;
        float sum = 0;
        for (int u = 0; u < 8; u++) {
          sum += coefficients[row + u] * basis[b + u];
        }
        work[row + i] = sum;
      }
    }
    // Pass two: down the columns, over the non-zero rows only.
    basis = BASIS[ny];
    for (int j = 0; j < ny; j++) {
      int b = j * 8;
      int line = offset + j * stride;
      for (int i = 0; i < nx; i++) {
        float sum = 128.5f; // level shift, and rounding by the truncation below
        for (int v = 0; v < 8; v++) {
          if ((rows & 1 << v) != 0) {
            sum += basis[b + v] * work[v * 8 + i];
          }
        }
        out[line + i] = clamp((int) sum);
      }
    }
  }

  /** The pixel of a block whose only term is the dequantized DC {@code dc}: its mean, rounded. */
  static byte dcOnly(int dc) {
    return clamp(((dc + 4) >> 3) + 128);
  }

  static byte clamp(int value) {
    return (byte) (value < 0 ? 0 : Math.min(value, 255));
  }
}
