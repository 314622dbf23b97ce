package dev.menagerie.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.menagerie.classify.ClassifyHandler;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.onnx.OnnxGraph;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * Measure 1: the classify handler end to end versus a bare ONNX Runtime run of the same graph; ONNX
 * Runtime versus DJL's PyTorch forward on the same weights; achieved GFLOP/s versus a large matrix
 * multiply in the same run. Runs of the things compared alternate, so a change of load on the
 * shared machine hits both sides alike.
 */
final class InferenceBench {
  private InferenceBench() {}

  static void run(Options options, FullModel model, BenchCloud cloud, Results results)
      throws Exception {
    int size = model.inputSize();
    byte[] jpeg = cloud.requestJpeg();
    float[] pixels = new ImageDecoder(ImageLimits.DEFAULT).decode(jpeg, size, size).toChw();
    int reps = options.reps(5, 15);
    int batch = options.reps(4, 8);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    InferenceOptions defaults = InferenceOptions.defaults();
    double gflop = model.flopsPerImage() / 1e9;
    results.detail("inference", "gflop_per_image", gflop);
    results.detail("inference", "ort_intra_op_threads", defaults.intraOpThreads());

    try (OrtSession.SessionOptions so = sessionOptions(defaults);
        OrtSession session = env.createSession(model.onnx(), so)) {
      // --- handler vs bare ORT, batch 1
      ClassifyHandler handler = cloud.classifyHandler();
      Timer handlerTimes = new Timer();
      Timer ortTimes = new Timer();
      for (int i = 0; i < 3; i++) {
        classifyOnce(handler, jpeg);
        runOrt(env, session, pixels, 1, size);
      }
      for (int i = 0; i < reps; i++) {
        handlerTimes.time(() -> classifyOnce(handler, jpeg));
        ortTimes.time(() -> runOrt(env, session, pixels, 1, size));
      }
      double handlerMs = handlerTimes.median();
      double ortMs = ortTimes.median();
      results.detail("inference", "handler_ms", handlerMs);
      results.detail("inference", "ort_batch1_ms", ortMs);
      results.detail("inference", "request_jpeg", cloud.requestJpegDescription());
      double handlerOverOrt = Timer.pairedRatio(handlerTimes, ortTimes);
      results.figure("handler_over_ort", handlerOverOrt);
      results.row(
          "1. Inference (Inception V4 299², random weights)",
          "classify handler end to end ("
              + cloud.requestJpegDescription()
              + ") vs bare ORT, batch 1",
          Results.ms(handlerMs),
          Results.ms(ortMs),
          Results.ratio(handlerOverOrt),
          "≤ 1.15×",
          handlerOverOrt <= 1.15);

      // --- ORT vs DJL (PyTorch), batch 1 and a bulk batch
      JniUtils.setGradMode(false);
      float[] batchPixels = new float[pixels.length * batch];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(pixels, 0, batchPixels, b * pixels.length, pixels.length);
      }
      int djlReps = options.reps(3, 7);
      Timer djl1 = new Timer();
      Timer ort1 = new Timer();
      runDjl(model, pixels, 1, size);
      for (int i = 0; i < djlReps; i++) {
        djl1.time(() -> runDjl(model, pixels, 1, size));
        ort1.time(() -> runOrt(env, session, pixels, 1, size));
      }
      int batchReps = options.reps(1, 4);
      Timer djlB = new Timer();
      Timer ortB = new Timer();
      runOrt(env, session, batchPixels, batch, size);
      for (int i = 0; i < batchReps; i++) {
        djlB.time(() -> runDjl(model, batchPixels, batch, size));
        ortB.time(() -> runOrt(env, session, batchPixels, batch, size));
      }
      double ortOverDjl = Timer.pairedRatio(ort1, djl1);
      double ortOverDjlBatch = Timer.pairedRatio(ortB, djlB);
      results.detail("inference", "djl_batch1_ms", djl1.median());
      results.detail("inference", "ort_batch1_ms_beside_djl", ort1.median());
      results.detail("inference", "bulk_batch", batch);
      results.detail("inference", "djl_batch_ms", djlB.median());
      results.detail("inference", "ort_batch_ms", ortB.median());
      results.figure("ort_over_djl", ortOverDjl);
      results.figure("ort_over_djl_batch", ortOverDjlBatch);
      String section = "1. Inference (Inception V4 299², random weights)";
      results.row(
          section,
          "ONNX Runtime vs DJL PyTorch forward, batch 1",
          Results.ms(ort1.median()),
          Results.ms(djl1.median()),
          Results.ratio(ortOverDjl),
          "≤ 0.6×",
          ortOverDjl <= 0.6);
      results.row(
          section,
          "ONNX Runtime vs DJL PyTorch forward, batch " + batch + " (per image)",
          Results.ms(ortB.median() / batch),
          Results.ms(djlB.median() / batch),
          Results.ratio(ortOverDjlBatch),
          "≤ 0.6×",
          ortOverDjlBatch <= 0.6);

      // --- achieved GFLOP/s vs a large matrix multiply
      int n = options.reps(1024, 2048);
      try (OrtSession matmul = env.createSession(matmulModel(n), so)) {
        float[] a = new float[n * n];
        Random r = new Random(1);
        for (int i = 0; i < a.length; i++) {
          a[i] = r.nextFloat() - 0.5f;
        }
        Timer mm = new Timer();
        Timer ort = new Timer();
        runMatmul(env, matmul, a, n);
        for (int i = 0; i < reps; i++) {
          mm.time(() -> runMatmul(env, matmul, a, n));
          ort.time(() -> runOrt(env, session, pixels, 1, size));
        }
        Timer ortBatch = new Timer();
        Timer mmB = new Timer();
        for (int i = 0; i < batchReps; i++) {
          ortBatch.time(() -> runOrt(env, session, batchPixels, batch, size));
          mmB.time(() -> runMatmul(env, matmul, a, n));
        }
        double matmulGflop = 2.0 * n * n * n / 1e9;
        double peak = matmulGflop / (mm.median() / 1e3);
        double achieved1 = gflop / (ort.median() / 1e3);
        double achievedB = gflop * batch / (ortBatch.median() / 1e3);
        // fractions from adjacent pairs: (gflop / t_ort) / (matmul gflop / t_matmul)
        double fraction1 = Timer.pairedRatio(mm, ort) * gflop / matmulGflop;
        double fractionB = Timer.pairedRatio(mmB, ortBatch) * gflop * batch / matmulGflop;
        results.detail("inference", "matmul_n", n);
        results.detail("inference", "matmul_gflops", peak);
        results.detail("inference", "ort_batch1_gflops", achieved1);
        results.detail("inference", "ort_batch_gflops", achievedB);
        results.figure("ort_fraction_of_matmul_peak", fraction1);
        results.figure("ort_fraction_of_matmul_peak_batch", fractionB);
        results.row(
            section,
            "ORT GFLOP/s vs " + n + "² matmul GFLOP/s, batch 1",
            Results.num(achieved1) + " GFLOP/s",
            Results.num(peak) + " GFLOP/s",
            Results.num(100 * fraction1) + " %",
            "≥ 50 %",
            fraction1 >= 0.5);
        results.row(
            section,
            "ORT GFLOP/s vs matmul GFLOP/s, batch " + batch,
            Results.num(achievedB) + " GFLOP/s",
            Results.num(peak) + " GFLOP/s",
            Results.num(100 * fractionB) + " %",
            "≥ 50 %",
            fractionB >= 0.5);
      }
    }
  }

  static OrtSession.SessionOptions sessionOptions(InferenceOptions options) throws OrtException {
    // the options Classifier.load uses, so "bare" differs from the handler only by the handler
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setIntraOpNumThreads(options.intraOpThreads());
    so.setInterOpNumThreads(options.interOpThreads());
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    return so;
  }

  static APIGatewayV2HTTPResponse classifyOnce(ClassifyHandler handler, byte[] jpeg) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(Events.classifyJpeg(jpeg), null);
    if (response.getStatusCode() != 200) {
      throw new IllegalStateException(
          "classify answered " + response.getStatusCode() + ": " + response.getBody());
    }
    return response;
  }

  static float runOrt(OrtEnvironment env, OrtSession session, float[] chw, int batch, int size)
      throws OrtException {
    try (OnnxTensor input =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {batch, 3, size, size});
        OrtSession.Result result = session.run(Map.of("pixels", input))) {
      float[][] out = (float[][]) result.get(0).getValue();
      return out[0][0];
    }
  }

  static float runDjl(FullModel model, float[] chw, int batch, int size) {
    try (NDManager manager = model.model().getNDManager().newSubManager()) {
      NDArray x = manager.create(chw, new Shape(batch, 3, size, size));
      NDList out =
          model.network().forward(new ParameterStore(manager, false), new NDList(x), false);
      return out.head().softmax(1).toFloatArray()[0];
    }
  }

  static byte[] matmulModel(int n) {
    Random r = new Random(2);
    float[] b = new float[n * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextFloat() - 0.5f;
    }
    return new OnnxGraph("matmul")
        .input("a", n, n)
        .initializer("b", new long[] {n, n}, b)
        .node("MatMul", java.util.List.of("a", "b"), java.util.List.of("c"))
        .output("c", n, n)
        .toModelBytes(9, 17, "menagerie-benchmarks");
  }

  static void runMatmul(OrtEnvironment env, OrtSession session, float[] a, int n)
      throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(a), new long[] {n, n});
        OrtSession.Result result = session.run(Map.of("a", input))) {
      result.get(0);
    }
  }
}
