package dev.menagerie.common.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.library.LabelledImage;
import dev.menagerie.common.library.LibraryCatalog;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.onnx.QdqQuantizer;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Static calibration for the int8 graph ({@link QdqQuantizer}): runs the float graph on library
 * images with every activation the quantizer needs exposed as an output, keeps each one's minimum
 * and maximum, and writes the QDQ graph with those ranges. The result serves under the same
 * contract (input {@code pixels}, output {@code probabilities}); its card says {@code int8}.
 */
public final class Int8Calibration {
  /** How many library images calibrate by default: enough for stable ranges, a few seconds. */
  public static final int DEFAULT_IMAGES = 200;

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  private Int8Calibration() {}

  /**
   * The int8 bundle of an fp32 {@code bundle}, calibrated on {@code images} (each {@code 3*H*W}
   * floats, 0..255, at the card's input size). Its card has precision int8 and says how it was
   * quantized under {@code details.quantization}.
   */
  public static ModelBundle quantize(ModelBundle bundle, List<float[]> images) {
    ModelCard card = bundle.card();
    if (!card.precision().equals(ModelCard.FP32)) {
      throw new IllegalArgumentException(
          "model "
              + card.version()
              + " is already "
              + card.precision()
              + "; quantize its fp32 graph");
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("calibration needs at least one image");
    }
    byte[] int8 =
        QdqQuantizer.quantize(
            bundle.onnx(),
            ranges(bundle.onnx(), images, card.input().width(), card.input().height()));
    Map<String, Object> details = new LinkedHashMap<>(card.details());
    details.put(
        "quantization",
        Map.of(
            "format", "QDQ",
            "weights", "int8, symmetric, per output channel",
            "activations", "uint8, per tensor, min/max of calibration",
            "calibrationImages", images.size(),
            "fp32Bytes", bundle.onnx().length));
    return new ModelBundle(
        int8, bundle.labels(), card.withPrecision(ModelCard.INT8, card.metrics(), details));
  }

  /**
   * {@code int8} with the accuracy cost measured on a labelled held-out folder: both graphs on the
   * same images; its card's {@code holdoutAccuracy} becomes the int8 graph's (the served one), with
   * {@code holdoutAccuracyFp32} and {@code int8AccuracyDelta} beside it.
   */
  public static ModelBundle withHoldoutCost(ModelBundle fp32, ModelBundle int8, Path holdout)
      throws IOException {
    int width = fp32.card().input().width();
    if (width != fp32.card().input().height()) {
      throw new IllegalArgumentException("held-out evaluation takes square inputs");
    }
    double before =
        HoldoutEvaluation.evaluate(fp32.onnx(), fp32.labels(), width, holdout).accuracy();
    double after =
        HoldoutEvaluation.evaluate(int8.onnx(), int8.labels(), width, holdout).accuracy();
    Map<String, Object> metrics = new LinkedHashMap<>(int8.card().metrics());
    metrics.put("holdoutAccuracyFp32", before);
    metrics.put("holdoutAccuracy", after);
    metrics.put("int8AccuracyDelta", after - before);
    metrics.put("int8AccuracyDeltaOn", "holdout");
    ModelCard card = int8.card();
    return new ModelBundle(
        int8.onnx(), int8.labels(), card.withPrecision(card.precision(), metrics, card.details()));
  }

  /** The observed range of every tensor {@link QdqQuantizer#calibrationTensors} names. */
  public static Map<String, QdqQuantizer.Range> ranges(
      byte[] onnx, List<float[]> images, int width, int height) {
    List<String> tensors = QdqQuantizer.calibrationTensors(onnx);
    byte[] exposed = QdqQuantizer.exposing(onnx, tensors);
    Map<String, float[]> minMax = new HashMap<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // no fusion: the exposed tensors must be the graph's own values
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      try (OrtSession session = ENVIRONMENT.createSession(exposed, options)) {
        for (float[] chw : images) {
          try (OnnxTensor input =
                  OnnxTensor.createTensor(
                      ENVIRONMENT, FloatBuffer.wrap(chw), new long[] {1, 3, height, width});
              OrtSession.Result result =
                  session.run(Map.of(Classifier.INPUT, input), new java.util.HashSet<>(tensors))) {
            for (Map.Entry<String, OnnxValue> e : result) {
              FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
              float[] mm = minMax.computeIfAbsent(e.getKey(), k -> new float[] {0, 0});
              while (values.hasRemaining()) {
                float v = values.get();
                mm[0] = Math.min(mm[0], v);
                mm[1] = Math.max(mm[1], v);
              }
            }
          }
        }
      }
    } catch (OrtException e) {
      throw new InvalidModelException(
          "calibration could not run the fp32 graph: " + e.getMessage(), e);
    }
    Map<String, QdqQuantizer.Range> ranges = new LinkedHashMap<>();
    minMax.forEach((t, mm) -> ranges.put(t, new QdqQuantizer.Range(mm[0], mm[1])));
    return ranges;
  }

  /**
   * Up to {@code count} images of a labelled folder ({@code <label>/<images>}), spread evenly over
   * it in key order, decoded and resized as the classify function does.
   */
  public static List<float[]> images(Path folder, int count, int width, int height)
      throws IOException {
    List<LabelledImage> all = LibraryCatalog.scanFolder(folder).images();
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    List<float[]> out = new ArrayList<>();
    double step = Math.max(1.0, (double) all.size() / count);
    for (double i = 0; i < all.size() && out.size() < count; i += step) {
      LabelledImage item = all.get((int) i);
      try {
        out.add(
            decoder.decode(Files.readAllBytes(folder.resolve(item.key())), width, height).toChw());
      } catch (MenagerieException e) {
        // not an image the classify function would accept either
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no decodable images to calibrate on in " + folder);
    }
    return out;
  }
}
