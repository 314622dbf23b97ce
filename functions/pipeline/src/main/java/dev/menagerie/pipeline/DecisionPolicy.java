package dev.menagerie.pipeline;

/**
 * The promotion rule's settings. A candidate is promoted over production only if, on the benchmark
 * sets (the test split when there are none) and the classes both models know, its accuracy is at
 * least {@code margin} higher, no class with at least {@code minClassSupport} images loses more
 * than {@code maxClassRegression} recall, and McNemar's test says the difference is significant at
 * {@code significance}. A first model (or one sharing no class with production) needs {@code
 * minimumAccuracy} on the classes it knows.
 */
public record DecisionPolicy(
    double margin,
    double maxClassRegression,
    double significance,
    double minimumAccuracy,
    int minClassSupport) {

  public static final DecisionPolicy DEFAULT = new DecisionPolicy(0.01, 0.10, 0.05, 0.60, 5);

  public DecisionPolicy {
    check(margin >= -1 && margin <= 1, "margin must be within [-1, 1], was " + margin);
    check(
        maxClassRegression >= 0 && maxClassRegression <= 1,
        "maxClassRegression must be within [0, 1], was " + maxClassRegression);
    check(
        significance > 0 && significance <= 1,
        "significance must be within (0, 1], was " + significance);
    check(
        minimumAccuracy >= 0 && minimumAccuracy <= 1,
        "minimumAccuracy must be within [0, 1], was " + minimumAccuracy);
    check(minClassSupport >= 1, "minClassSupport must be at least 1, was " + minClassSupport);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
