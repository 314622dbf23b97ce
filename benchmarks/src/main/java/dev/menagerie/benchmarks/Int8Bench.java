package dev.menagerie.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.menagerie.common.image.RgbImage;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.common.inference.Int8Calibration;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.onnx.QdqQuantizer;
import dev.menagerie.training.synth.SyntheticLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measure 9: the int8 graph ({@link Int8Calibration}) against the fp32 graph. Speed: both graphs of
 * the full Inception V4 at 299² (random weights; calibrated on photo-like images), ONNX Runtime
 * batch 1 with the classify function's session options, runs alternating. Accuracy: a small model
 * trained by the training job with {@code precision=int8}, whose card holds the held-out accuracy
 * of both graphs on the same images.
 */
final class Int8Bench {
  static final String SECTION = "9. int8 model (QDQ, static calibration)";

  private Int8Bench() {}

  static void run(Options options, FullModel model, BenchCloud cloud, Results results)
      throws Exception {
    ModelBundle int8 = speed(options, model, results);
    coldStart(options, cloud, int8, results);
    accuracy(options, results);
  }

  /**
   * The fresh-JVM cold start with the int8 graph served (installed beside the fp32 one, named by
   * the function's MODEL_VERSION_OVERRIDE): a quarter of the bytes to fetch and a smaller session.
   */
  static void coldStart(Options options, BenchCloud cloud, ModelBundle int8, Results results)
      throws Exception {
    ModelCard card = int8.card();
    String version = card.version() + "-int8";
    cloud.install(new ModelBundle(int8.onnx(), int8.labels(), card.withVersion(version)));
    double seconds = ColdStartBench.coldSecondsOf(options, cloud, version, options.reps(1, 3));
    results.figure("cold_start_seconds_int8", seconds);
    results.row(
        SECTION,
        "fresh JVM → first classification, int8 model ("
            + Results.num(int8.onnx().length / 1048576.0)
            + " MiB) from local S3",
        Results.num(seconds) + " s",
        "",
        "",
        "≤ 3 s",
        seconds <= 3.0);
  }

  /**
   * The training job with {@code precision=int8} on a synthetic library, in a child JVM as {@code
   * ./menagerie trainjob} runs it; the held-out accuracies of both graphs come from its card.
   */
  static void accuracy(Options options, Results results) throws Exception {
    Path dir = options.work().resolve("int8");
    TrainingBench.deleteTree(dir);
    int perClass = options.reps(60, 150);
    int epochs = options.reps(8, 40);
    SyntheticLibrary.Summary library =
        SyntheticLibrary.builder()
            .setRoot(dir.resolve("synth"))
            .optPerClass(perClass)
            .optHoldoutPerClass(30)
            .optUnknownCount(0)
            .build()
            .generate();
    Path modelDir = dir.resolve("model");
    String loadBefore = Machine.currentLoadAverage();
    TrainingBench.runTrainJob(
        TrainingBench.trainJobCommand(
            "--library",
            library.library().toString(),
            "--holdout",
            library.holdout().toString(),
            "--model-out",
            modelDir.toString(),
            "--epochs",
            Integer.toString(epochs),
            "--patience",
            "100",
            "--seed",
            "3",
            "--hp",
            "precision=int8"));
    ModelBundle bundle = ModelBundle.read(modelDir);
    Map<String, Object> m = bundle.card().metrics();
    double int8 = ((Number) m.get("holdoutAccuracy")).doubleValue();
    double fp32 = ((Number) m.get("holdoutAccuracyFp32")).doubleValue();
    double delta = ((Number) m.get("int8AccuracyDelta")).doubleValue();
    String load = loadBefore + " → " + Machine.currentLoadAverage();
    results.figure("int8_accuracy_delta", delta);
    results.detail("int8", "holdout_accuracy_int8", int8);
    results.detail("int8", "holdout_accuracy_fp32", fp32);
    results.detail("int8", "holdout_images", library.holdoutImages());
    results.detail("int8", "small_model_epochs", epochs);
    results.detail("int8", "small_model_library_images", library.libraryImages());
    results.row(
        SECTION,
        "held-out top-1, int8 vs fp32 graph of one small model ("
            + epochs
            + " epochs, "
            + library.holdoutImages()
            + " held-out images; load average "
            + load
            + ")",
        Results.num(100 * int8) + " %",
        Results.num(100 * fp32) + " %",
        String.format(java.util.Locale.ROOT, "%+.1f points", 100 * delta),
        "≥ -1 point",
        delta >= -0.01);
  }

  static ModelBundle speed(Options options, FullModel model, Results results) throws Exception {
    int size = model.inputSize();
    List<float[]> calibration = new ArrayList<>();
    for (int i = 0; i < options.reps(4, 16); i++) {
      calibration.add(RgbImage.from(Photos.draw(size, size, 100 + i)).toChw());
    }
    long t0 = System.nanoTime();
    ModelBundle int8 = Int8Calibration.quantize(model.bundle(), calibration);
    double quantizeSeconds = (System.nanoTime() - t0) / 1e9;
    float[] pixels = RgbImage.from(Photos.draw(size, size, 7)).toChw();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int reps = options.reps(7, 15);
    String loadBefore = Machine.currentLoadAverage();
    Timer fp32Times = new Timer();
    Timer int8Times = new Timer();
    try (OrtSession.SessionOptions so = InferenceOptions.defaults().sessionOptions();
        OrtSession fp32 = env.createSession(model.onnx(), so);
        OrtSession q = env.createSession(int8.onnx(), so)) {
      for (int i = 0; i < 2; i++) {
        InferenceBench.runOrt(env, fp32, pixels, 1, size);
        InferenceBench.runOrt(env, q, pixels, 1, size);
      }
      for (int i = 0; i < reps; i++) {
        fp32Times.time(() -> InferenceBench.runOrt(env, fp32, pixels, 1, size));
        int8Times.time(() -> InferenceBench.runOrt(env, q, pixels, 1, size));
      }
    }
    double speedup = Timer.pairedRatio(fp32Times, int8Times);
    String load = loadBefore + " → " + Machine.currentLoadAverage();
    results.figure("int8_speedup", speedup);
    results.detail("int8", "fp32_batch1_ms", fp32Times.median());
    results.detail("int8", "int8_batch1_ms", int8Times.median());
    results.detail("int8", "fp32_onnx_bytes", model.onnx().length);
    results.detail("int8", "int8_onnx_bytes", int8.onnx().length);
    results.detail("int8", "calibration_images", calibration.size());
    results.detail("int8", "quantize_seconds", quantizeSeconds);
    results.detail("int8", "load_average", load);
    results.row(
        SECTION,
        "ORT batch 1, Inception V4 299², int8 vs fp32 (load average " + load + ")",
        Results.ms(int8Times.median()),
        Results.ms(fp32Times.median()),
        Results.ratio(speedup) + " faster",
        "≥ 2×",
        speedup >= 2);
    Path optimized = options.work().resolve("int8-optimized.onnx");
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
      so.setOptimizedModelFilePath(optimized.toString());
      env.createSession(int8.onnx(), so).close();
    }
    // what ORT runs: QLinearConv where the QDQ pattern fused, Conv where it did not
    results.detail(
        "int8", "optimized_operators", QdqQuantizer.operators(Files.readAllBytes(optimized)));
    results.row(
        SECTION,
        "model.onnx size, int8 vs fp32",
        Results.num(int8.onnx().length / 1048576.0) + " MiB",
        Results.num(model.onnx().length / 1048576.0) + " MiB",
        Results.ratio((double) model.onnx().length / int8.onnx().length) + " smaller",
        "",
        null);
    return int8;
  }
}
