package dev.menagerie.training.kernels;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.menagerie.onnx.OnnxGraph;
import java.util.List;

/**
 * Turns on flush-to-zero and denormals-are-zero (the MXCSR's FTZ and DAZ bits) for the calling
 * thread, and so for the threads it starts later (PyTorch's OpenMP pool inherits them).
 *
 * <p>Why: late in a run Adam's moment estimates and some gradients fall into the denormal range,
 * where x86 arithmetic is many times slower; the optimizer's share of an epoch went from 0.6 to 1.6
 * s around epoch 40 of a 120-epoch run (training/README.md). PyTorch's own switch ({@code
 * torch.set_flush_denormal}) is not reachable through DJL; ONNX Runtime sets the same bits on the
 * thread that creates a session with {@code session.set_denormal_as_zero}, so a tiny session
 * created before any PyTorch work does it. Values below ~1.2e-38 become 0, which does not change
 * what a network learns.
 */
public final class DenormalsAsZero {
  private static boolean enabled;

  private DenormalsAsZero() {}

  /** True once {@link #enable} took effect on some thread of this JVM. */
  public static synchronized boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets FTZ and DAZ on this thread (a session costs a few milliseconds); true when PyTorch on this
   * thread now reads a denormal float as zero.
   */
  public static synchronized boolean enable() {
    byte[] identity =
        new OnnxGraph("denormals-as-zero")
            .input("x", 1)
            .node("Identity", List.of("x"), List.of("y"))
            .output("y", 1)
            .toModelBytes(8, 13, "menagerie-training");
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addConfigEntry("session.set_denormal_as_zero", "1");
      options.setIntraOpNumThreads(1);
      try (OrtSession session = OrtEnvironment.getEnvironment().createSession(identity, options)) {
        enabled = flushesDenormals();
        return enabled;
      }
    } catch (OrtException e) {
      return false; // only a speed-up: training goes on without it
    }
  }

  /** True when PyTorch, on this thread, multiplies a denormal float by one and gets zero. */
  public static boolean flushesDenormals() {
    try (NDManager manager = NDManager.newBaseManager()) {
      return manager.create(new float[] {1e-39f}).mul(1f).getFloat(0) == 0f;
    }
  }
}
