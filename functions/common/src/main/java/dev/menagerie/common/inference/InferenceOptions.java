package dev.menagerie.common.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

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

  /**
   * The session options every session we serve from is created with (and the benchmark's bare
   * session, so the two differ only by the handler). The intra-op threads spin while a run is on,
   * as ONNX Runtime's default, but stop spinning when it returns: a request's work after inference
   * (the transaction write, the response) and the local DynamoDB otherwise share the cores with
   * threads busy-waiting for the next run.
   */
  public OrtSession.SessionOptions sessionOptions() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(interOpThreads);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.addConfigEntry("session.force_spinning_stop", "1");
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }
}
