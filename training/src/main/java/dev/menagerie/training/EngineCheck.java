package dev.menagerie.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Random;

/**
 * Checks, before training, that the engine's convolutions compute the right values and gradients,
 * against a plain Java reference on small random tensors (a few milliseconds).
 *
 * <p>Why: PyTorch 2.7.1's oneDNN kernels on this project's AMD EPYC machines return wrong input
 * gradients for every convolution larger than 1×1 (errors as large as the values, sometimes NaN) at
 * the AVX2 and AVX-512 levels, and wrong forward values at AVX-512; the weight gradients look
 * right, so a network still "trains", only very badly. {@code ONEDNN_MAX_CPU_ISA=AVX} fixes both.
 * The check makes such a machine fail loudly instead of producing a useless model.
 */
public final class EngineCheck {
  private static final double TOLERANCE = 1e-3;

  private EngineCheck() {}

  /** Throws {@link IllegalStateException} naming the fix when a check fails. */
  public static void verifyConvolutions() {
    Random random = new Random(1);
    int n = 3;
    int in = 12;
    int out = 10;
    int size = 9;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int[] kernel : new int[][] {{1, 7}, {7, 1}, {3, 3}}) {
        int kh = kernel[0];
        int kw = kernel[1];
        int ph = kh / 2;
        int pw = kw / 2;
        float[] x = values(random, n * in * size * size);
        float[] w = values(random, out * in * kh * kw);
        float[] r = values(random, n * out * size * size);
        NDArray xa = manager.create(x, new Shape(n, in, size, size));
        NDArray wa = manager.create(w, new Shape(out, in, kh, kw));
        NDArray ra = manager.create(r, new Shape(n, out, size, size));
        xa.setRequiresGradient(true);
        wa.setRequiresGradient(true);
        float[] y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray ya =
              Conv2d.conv2d(xa, wa, null, new Shape(1, 1), new Shape(ph, pw), new Shape(1, 1), 1)
                  .head();
          y = ya.toFloatArray();
          collector.backward(ya.mul(ra).sum());
        }
        float[] gx = xa.getGradient().toFloatArray();
        double forwardError = 0;
        double gradientError = 0;
        for (int b = 0; b < n; b++) {
          for (int o = 0; o < out; o++) {
            for (int yy = 0; yy < size; yy++) {
              for (int xx = 0; xx < size; xx++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                  for (int a = 0; a < kh; a++) {
                    for (int c = 0; c < kw; c++) {
                      int sy = yy + a - ph;
                      int sx = xx + c - pw;
                      if (sy >= 0 && sy < size && sx >= 0 && sx < size) {
                        s +=
                            w[((o * in + i) * kh + a) * kw + c]
                                * x[((b * in + i) * size + sy) * size + sx];
                      }
                    }
                  }
                }
                forwardError =
                    Math.max(
                        forwardError, Math.abs(s - y[((b * out + o) * size + yy) * size + xx]));
              }
            }
          }
          for (int i = 0; i < in; i++) {
            for (int sy = 0; sy < size; sy++) {
              for (int sx = 0; sx < size; sx++) {
                double s = 0;
                for (int o = 0; o < out; o++) {
                  for (int a = 0; a < kh; a++) {
                    for (int c = 0; c < kw; c++) {
                      int yy = sy - a + ph;
                      int xx = sx - c + pw;
                      if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                        s +=
                            r[((b * out + o) * size + yy) * size + xx]
                                * w[((o * in + i) * kh + a) * kw + c];
                      }
                    }
                  }
                }
                double err = Math.abs(s - gx[((b * in + i) * size + sy) * size + sx]);
                gradientError =
                    Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(gradientError, err);
              }
            }
          }
        }
        if (!(forwardError <= TOLERANCE) || !(gradientError <= TOLERANCE)) {
          throw new IllegalStateException(
              String.format(
                  "the engine's %dx%d convolution is wrong on this CPU (forward error %.3g, input"
                      + " gradient error %.3g); set ONEDNN_MAX_CPU_ISA=SSE41 in the environment"
                      + " (oneDNN's AVX/AVX2/AVX-512 kernels are broken here), ONEDNN_MAX_CPU_ISA is"
                      + " now %s",
                  kh, kw, forwardError, gradientError, System.getenv("ONEDNN_MAX_CPU_ISA")));
        }
      }
    }
  }

  private static float[] values(Random random, int count) {
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return v;
  }
}
