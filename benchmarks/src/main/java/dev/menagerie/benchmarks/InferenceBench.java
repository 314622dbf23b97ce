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
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.menagerie.classify.ClassifyHandler;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.inference.InferenceOptions;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Measure 1: the classify handler end to end versus a bare ONNX Runtime run of the same graph; ONNX
 * Runtime versus DJL's PyTorch forward on the same weights; achieved GFLOP/s versus the machine's
 * GEMM peak ({@link GemmPeak}) measured in the same run. Runs of the things compared alternate, so
 * a change of load on the shared machine hits both sides alike.
 */
final class InferenceBench {
  private InferenceBench() {}

  static void run(
      Options options, FullModel model, BenchCloud cloud, GemmPeak gemm, Results results)
      throws Exception {
    int size = model.inputSize();
    byte[] jpeg = cloud.requestJpeg();
    float[] pixels = new ImageDecoder(ImageLimits.DEFAULT).decode(jpeg, size, size).toChw();
    // pairs of handler and bare ORT runs: the paired ratio's median moved by 0.03-0.07 between
    // runs of 15 pairs on a quiet machine, by 0.02 between runs of 60 (2026-12-04)
    int pairs = options.reps(11, 41);
    int batch = options.reps(4, 8);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    InferenceOptions defaults = InferenceOptions.defaults();
    double gflop = model.flopsPerImage() / 1e9;
    gemm.best(); // here, if no earlier section needed it: its row comes before this section's
    results.detail("inference", "gflop_per_image", gflop);
    results.detail("inference", "ort_intra_op_threads", defaults.intraOpThreads());

    try (OrtSession.SessionOptions so = defaults.sessionOptions();
        OrtSession session = env.createSession(model.onnx(), so)) {
      // --- handler vs bare ORT, batch 1
      ClassifyHandler handler = cloud.classifyHandler();
      Timer handlerTimes = new Timer();
      Timer ortTimes = new Timer();
      for (int i = 0; i < 3; i++) {
        classifyOnce(handler, Events.classifyJpeg(jpeg));
        runOrt(env, session, pixels, 1, size);
      }
      for (int i = 0; i < pairs; i++) {
        // the event is API Gateway's work, made before the clock starts (base64 of the JPEG)
        APIGatewayV2HTTPEvent event = Events.classifyJpeg(jpeg);
        handlerTimes.time(() -> classifyOnce(handler, event));
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

      // --- achieved GFLOP/s vs the machine's GEMM peak (measured once for the whole run)
      double peak = gemm.gflops();
      double achieved1 = gflop / (ortTimes.median() / 1e3);
      double achievedB = gflop * batch / (ortB.median() / 1e3);
      double fraction1 = achieved1 / peak;
      double fractionB = achievedB / peak;
      results.detail("inference", "ort_batch1_gflops", achieved1);
      results.detail("inference", "ort_batch_gflops", achievedB);
      results.figure("ort_fraction_of_matmul_peak", fraction1);
      results.figure("ort_fraction_of_matmul_peak_batch", fractionB);
      String reference = "GEMM peak (" + gemm.best().describe() + ")";
      results.row(
          section,
          "ORT GFLOP/s vs " + reference + ", batch 1",
          Results.num(achieved1) + " GFLOP/s",
          Results.num(peak) + " GFLOP/s",
          Results.num(100 * fraction1) + " %",
          "≥ 50 %",
          fraction1 >= 0.5);
      results.row(
          section,
          "ORT GFLOP/s vs GEMM peak, batch " + batch,
          Results.num(achievedB) + " GFLOP/s",
          Results.num(peak) + " GFLOP/s",
          Results.num(100 * fractionB) + " %",
          "≥ 50 %",
          fractionB >= 0.5);
    }
  }

  static APIGatewayV2HTTPResponse classifyOnce(
      ClassifyHandler handler, APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
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
}
