package dev.menagerie.pipeline;

/**
 * McNemar's test on paired predictions: of the images exactly one model gets right, {@code b} are
 * the candidate's and {@code c} production's. Under "equally good" each discordant image is a fair
 * coin. Two-sided p-value: exact binomial up to 1,000 discordant images, then the chi-square
 * approximation with continuity correction.
 */
public final class McNemar {
  private McNemar() {}

  public static double pValue(int b, int c) {
    if (b < 0 || c < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    int n = b + c;
    if (n == 0) {
      return 1;
    }
    if (n <= 1000) {
      int k = Math.min(b, c);
      double logHalf = n * Math.log(0.5);
      double logChoose = 0; // log C(n, 0)
      double tail = 0;
      for (int i = 0; i <= k; i++) {
        if (i > 0) {
          logChoose += Math.log(n - i + 1) - Math.log(i);
        }
        tail += Math.exp(logChoose + logHalf);
      }
      return Math.min(1, 2 * tail);
    }
    double chi = (Math.abs(b - c) - 1.0) * (Math.abs(b - c) - 1.0) / n;
    return erfc(Math.sqrt(chi / 2));
  }

  /** Complementary error function (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
