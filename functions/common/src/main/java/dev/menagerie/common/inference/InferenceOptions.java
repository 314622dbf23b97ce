package dev.menagerie.common.inference;

/**
 * ONNX Runtime session settings. The defaults suit a Lambda container: intra-op threads = the
 * processors the container has, one inter-op thread, every graph optimisation.
 */
public record InferenceOptions(int intraOpThreads, int interOpThreads) {
  public InferenceOptions {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "thread counts must be positive, were " + intraOpThreads + " and " + interOpThreads);
    }
  }

  public static InferenceOptions defaults() {
    return new InferenceOptions(Runtime.getRuntime().availableProcessors(), 1);
  }
}
