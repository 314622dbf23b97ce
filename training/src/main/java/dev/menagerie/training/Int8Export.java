package dev.menagerie.training;

import dev.menagerie.common.image.RgbImage;
import dev.menagerie.common.inference.Classifier;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.common.inference.Int8Calibration;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.training.data.DecodedImages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training job's {@code precision=int8} step: calibrates the exported fp32 graph on training
 * images, quantizes it ({@link Int8Calibration}), and measures what int8 costs on the validation
 * images and, when given, the held-out images, both graphs through ONNX Runtime on the same images.
 * The card's {@code holdoutAccuracy} is then the int8 graph's, the one that will be served.
 */
final class Int8Export {
  private Int8Export() {}

  static ModelBundle apply(
      ModelBundle fp32,
      DecodedImages train,
      DecodedImages validation,
      Path holdout,
      PrintStream out)
      throws IOException {
    List<float[]> calibration = new ArrayList<>();
    int count = Math.min(Int8Calibration.DEFAULT_IMAGES, train.size());
    for (int i = 0; i < count; i++) {
      calibration.add(train.images().get((int) ((long) i * train.size() / count)).toChw());
    }
    long t0 = System.nanoTime();
    ModelBundle int8 = Int8Calibration.quantize(fp32, calibration);
    double seconds = (System.nanoTime() - t0) / 1e9;

    Map<String, Object> metrics = new LinkedHashMap<>(fp32.card().metrics());
    double validationFp32 = accuracy(fp32, validation);
    double validationInt8 = accuracy(int8, validation);
    metrics.put("validationAccuracyInt8", validationInt8);
    double delta = validationInt8 - validationFp32;
    metrics.put("int8AccuracyDelta", delta);
    metrics.put("int8AccuracyDeltaOn", "validation");
    ModelCard card = int8.card();
    int8 =
        new ModelBundle(
            int8.onnx(),
            int8.labels(),
            card.withPrecision(card.precision(), metrics, card.details()));
    if (holdout != null) {
      int8 = Int8Calibration.withHoldoutCost(fp32, int8, holdout);
      Map<String, Object> m = int8.card().metrics();
      delta = (Double) m.get("int8AccuracyDelta");
      out.printf(
          "holdout int8 (ONNX Runtime): %.4f (fp32 %.4f)%n",
          m.get("holdoutAccuracy"), m.get("holdoutAccuracyFp32"));
      out.printf("metric: test:accuracy=%.6f;%n", m.get("holdoutAccuracy"));
    }
    out.printf(
        "int8: %d calibration images, %.1f s; %.1f -> %.1f MiB; validation %.4f (fp32 %.4f);"
            + " accuracy delta on %s %+.4f%n",
        calibration.size(),
        seconds,
        fp32.onnx().length / 1048576.0,
        int8.onnx().length / 1048576.0,
        validationInt8,
        validationFp32,
        holdout == null ? "validation" : "holdout",
        delta);
    out.printf("metric: int8:accuracy_delta=%.6f;%n", delta);
    return int8;
  }

  /** Top-1 accuracy of {@code bundle} on decoded images, through ONNX Runtime, batches of 32. */
  static double accuracy(ModelBundle bundle, DecodedImages images) {
    if (images.size() == 0) {
      return Double.NaN;
    }
    int correct = 0;
    try (Classifier classifier = Classifier.load(bundle, InferenceOptions.defaults())) {
      int perImage = 3 * classifier.inputWidth() * classifier.inputHeight();
      for (int start = 0; start < images.size(); start += 32) {
        int n = Math.min(32, images.size() - start);
        float[] chw = new float[perImage * n];
        for (int i = 0; i < n; i++) {
          RgbImage image = images.images().get(start + i);
          System.arraycopy(image.toChw(), 0, chw, i * perImage, perImage);
        }
        List<List<Prediction>> top = classifier.classifyBatch(chw, n, 1);
        for (int i = 0; i < n; i++) {
          String truth = bundle.labels().get(images.classes()[start + i]);
          if (top.get(i).get(0).label().equals(truth)) {
            correct++;
          }
        }
      }
    }
    return (double) correct / images.size();
  }
}
