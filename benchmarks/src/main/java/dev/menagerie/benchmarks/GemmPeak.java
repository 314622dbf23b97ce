package dev.menagerie.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.onnx.OnnxGraph;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The machine's float32 matrix-multiply (GEMM) peak: what every "fraction of peak" figure divides
 * by. Square n × n multiplies, large enough for the kernels to reach their best, on ONNX Runtime
 * (MLAS, intra-op threads = the processors) and on PyTorch through DJL (MKL/oneDNN sgemm, its own
 * thread pool); the best median wins. Measured once per run, when a section first asks, so the
 * inference and training sections divide by the same figure.
 */
final class GemmPeak {
  static final String SECTION = "0. Reference: float32 matrix multiply (GEMM) peak";

  /** 1024² stayed below the ORT convolutions of Inception V4 (134 % "of peak"): too small. */
  static final List<Integer> SIZES = List.of(2048, 3072);

  /** One engine at one size: its median time and what that makes per second. */
  record Candidate(String engine, int n, int threads, double medianMs) {
    double gflops() {
      return 2.0 * n * n * n / 1e9 / (medianMs / 1e3);
    }

    String describe() {
      return engine + " " + n + "², " + threads + (threads == 1 ? " thread" : " threads");
    }
  }

  private final Options options;
  private final Results results;
  private Candidate best;

  GemmPeak(Options options, Results results) {
    this.options = options;
    this.results = results;
  }

  /** The fastest candidate, measured (and recorded) the first time it is asked for. */
  Candidate best() throws Exception {
    if (best == null) {
      List<Candidate> candidates = new ArrayList<>();
      candidates.addAll(onnxRuntime());
      candidates.addAll(pyTorch());
      best = candidates.stream().max(Comparator.comparingDouble(Candidate::gflops)).orElseThrow();
      record(candidates);
    }
    return best;
  }

  /** The peak in GFLOP/s. */
  double gflops() throws Exception {
    return best().gflops();
  }

  private void record(List<Candidate> candidates) {
    for (Candidate c : candidates) {
      results.detail("gemm_peak", c.engine().toLowerCase() + "_" + c.n() + "_gflops", c.gflops());
    }
    results.detail("gemm_peak", "best", best.describe());
    results.figure("gemm_peak_gflops", best.gflops());
    results.row(
        SECTION,
        "square float32 matmul, best median of ORT and PyTorch at "
            + String.join(", ", SIZES.stream().map(n -> n + "²").toList())
            + ": "
            + best.describe(),
        Results.num(best.gflops()) + " GFLOP/s",
        "",
        "",
        "",
        null);
  }

  private int reps() {
    return options.reps(5, 9);
  }

  private List<Candidate> onnxRuntime() throws Exception {
    InferenceOptions threads = InferenceOptions.defaults();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<Candidate> out = new ArrayList<>();
    try (OrtSession.SessionOptions so = threads.sessionOptions()) {
      for (int n : SIZES) {
        // the input lives in a direct buffer, made once: the runs time the multiply, not a copy
        FloatBuffer a =
            ByteBuffer.allocateDirect(4 * n * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
        a.put(random(n, 1)).rewind();
        try (OrtSession session = env.createSession(matmulModel(n), so);
            OnnxTensor input = OnnxTensor.createTensor(env, a, new long[] {n, n})) {
          Timer t = new Timer();
          runMatmul(session, input); // warm-up: MLAS packs the constant operand on first use
          for (int i = 0; i < reps(); i++) {
            t.time(() -> runMatmul(session, input));
          }
          out.add(new Candidate("ORT", n, threads.intraOpThreads(), t.median()));
        }
      }
    }
    return out;
  }

  private List<Candidate> pyTorch() throws Exception {
    List<Candidate> out = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      JniUtils.setGradMode(false);
      int threads = JniUtils.getNumThreads();
      for (int n : SIZES) {
        NDArray a = manager.create(random(n, 1), new Shape(n, n));
        NDArray b = manager.create(random(n, 2), new Shape(n, n));
        Timer t = new Timer();
        a.matMul(b).close(); // warm-up
        for (int i = 0; i < reps(); i++) {
          t.time(() -> a.matMul(b).close()); // eager on CPU: returns when the product is done
        }
        out.add(new Candidate("PyTorch", n, threads, t.median()));
        a.close();
        b.close();
      }
    }
    return out;
  }

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat() - 0.5f;
    }
    return v;
  }

  /** A graph {@code c = a × b} with {@code b} a constant, as a served model's weights are. */
  static byte[] matmulModel(int n) {
    return new OnnxGraph("matmul")
        .input("a", n, n)
        .initializer("b", new long[] {n, n}, random(n, 2))
        .node("MatMul", List.of("a", "b"), List.of("c"))
        .output("c", n, n)
        .toModelBytes(9, 17, "menagerie-benchmarks");
  }

  private static void runMatmul(OrtSession session, OnnxTensor input) throws OrtException {
    try (OrtSession.Result result = session.run(Map.of("a", input))) {
      result.get(0);
    }
  }
}
