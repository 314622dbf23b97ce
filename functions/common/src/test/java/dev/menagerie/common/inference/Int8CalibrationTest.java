package dev.menagerie.common.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.onnx.OnnxGraph;
import dev.menagerie.onnx.OnnxGraph.Attribute;
import dev.menagerie.onnx.QdqQuantizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Int8CalibrationTest {
  private static final int SIZE = 32;
  private static final int CLASSES = 6;

  @Test
  void smallInceptionLikeModel_shouldServeAsInt8WithTheSameAnswers() {
    // GIVEN a float model shaped like the trunk the training job exports, random He weights
    ModelBundle fp32 = bundle(SmallNet.onnx(11));
    List<float[]> calibration = images(64, 1);
    List<float[]> test = images(40, 2);

    // WHEN it is calibrated on 64 images and quantized
    ModelBundle int8 = Int8Calibration.quantize(fp32, calibration);

    // THEN its card says int8, and on 40 other images it agrees with the float model
    assertThat(int8.card().precision()).isEqualTo(ModelCard.INT8);
    assertThat(int8.card().details()).containsKey("quantization");
    int agree = 0;
    double maxDiff = 0;
    try (Classifier f = Classifier.load(fp32, InferenceOptions.defaults());
        Classifier q = Classifier.load(int8, InferenceOptions.defaults())) {
      for (float[] image : test) {
        List<Prediction> a = f.classify(image, CLASSES);
        List<Prediction> b = q.classify(image, CLASSES);
        if (a.get(0).label().equals(b.get(0).label())) {
          agree++;
        }
        for (Prediction p : a) {
          float other =
              b.stream().filter(x -> x.label().equals(p.label())).findFirst().get().confidence();
          maxDiff = Math.max(maxDiff, Math.abs(p.confidence() - other));
        }
      }
    }
    System.out.printf("int8 vs fp32: top-1 agreement %d/%d, max |dp| %.4f%n", agree, 40, maxDiff);
    assertThat(agree).isGreaterThanOrEqualTo(38);
    assertThat(maxDiff).isLessThan(0.05);
  }

  @Test
  void quantizedGraph_shouldHoldInt8WeightsAndBeAboutAQuarterTheSize() {
    // GIVEN a model whose size is nearly all convolution weights
    byte[] onnx = SmallNet.onnx(11);
    ModelBundle int8 = Int8Calibration.quantize(bundle(onnx), images(8, 3));

    // THEN it is about 4x smaller, and holds QuantizeLinear/DequantizeLinear nodes
    String text = new String(int8.onnx(), StandardCharsets.ISO_8859_1);
    assertThat(text).contains("QuantizeLinear", "DequantizeLinear");
    assertThat((double) onnx.length / int8.onnx().length).isBetween(3.0, 4.2);
    assertThat(int8.card().details().get("quantization").toString()).contains("fp32Bytes");
  }

  @Test
  void onnxRuntime_shouldFuseTheQdqGraphIntoIntegerKernels(@TempDir Path dir) throws Exception {
    // GIVEN the int8 graph
    ModelBundle int8 = Int8Calibration.quantize(bundle(SmallNet.onnx(11)), images(8, 3));

    // WHEN ONNX Runtime optimises it and writes what it will run
    Path optimized = dir.resolve("optimized.onnx");
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
      options.setOptimizedModelFilePath(optimized.toString());
      OrtEnvironment.getEnvironment().createSession(int8.onnx(), options).close();
    }

    // THEN every convolution runs as QLinearConv: no float Conv is left
    Map<String, Integer> ops = QdqQuantizer.operators(Files.readAllBytes(optimized));
    System.out.println("optimized int8 graph: " + ops);
    assertThat(ops).containsEntry("QLinearConv", 7).doesNotContainKey("Conv");
  }

  @Test
  void int8Bundle_shouldNotBeQuantizedTwice() {
    ModelBundle int8 = Int8Calibration.quantize(bundle(SmallNet.onnx(11)), images(4, 3));
    assertThatThrownBy(() -> Int8Calibration.quantize(int8, images(4, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already int8");
  }

  static ModelBundle bundle(byte[] onnx) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < CLASSES; i++) {
      labels.add("c" + i);
    }
    return new ModelBundle(
        onnx,
        labels,
        new ModelCard(
            "int8-test",
            "small-net",
            new ModelCard.InputSize(SIZE, SIZE),
            null,
            "2026-12-04T00:00:00Z",
            Map.of(),
            Map.of()));
  }

  /** Smooth random images: a colour gradient and a blob, the kind of structure convs respond to. */
  static List<float[]> images(int count, long seed) {
    Random random = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      float[] chw = new float[3 * SIZE * SIZE];
      double cx = random.nextDouble() * SIZE;
      double cy = random.nextDouble() * SIZE;
      for (int c = 0; c < 3; c++) {
        double a = random.nextDouble() * 255;
        double b = random.nextDouble() * 255;
        double blob = random.nextDouble() * 255;
        for (int y = 0; y < SIZE; y++) {
          for (int x = 0; x < SIZE; x++) {
            double d = Math.hypot(x - cx, y - cy);
            double v = a + (b - a) * x / SIZE + (d < SIZE / 5.0 ? blob - a : 0);
            chw[(c * SIZE + y) * SIZE + x] = (float) Math.max(0, Math.min(255, v));
          }
        }
      }
      out.add(chw);
    }
    return out;
  }

  /** A small network with the ops of the exported Inception: conv+relu, pools, branches, concat. */
  static final class SmallNet {
    private final OnnxGraph graph = new OnnxGraph("small-net");
    private final Random random;
    private int counter;

    private SmallNet(long seed) {
      random = new Random(seed);
    }

    static byte[] onnx(long seed) {
      SmallNet n = new SmallNet(seed);
      OnnxGraph g = n.graph;
      g.input("pixels", OnnxGraph.DYNAMIC, 3, SIZE, SIZE);
      g.initializer("scale", new long[] {1, 3, 1, 1}, new float[] {1 / 58f, 1 / 57f, 1 / 57f});
      g.initializer("shift", new long[] {1, 3, 1, 1}, new float[] {-2.1f, -2.0f, -1.8f});
      g.node("Mul", List.of("pixels", "scale"), List.of("scaled"));
      g.node("Add", List.of("scaled", "shift"), List.of("normal"));
      String x = n.conv("normal", 3, 32, 3, 2);
      x = n.conv(x, 32, 48, 3, 1);
      String pool =
          n.op(
              "MaxPool",
              List.of(x),
              Attribute.ints("kernel_shape", 3, 3),
              Attribute.ints("strides", 2, 2));
      String a = n.conv(pool, 48, 32, 1, 1);
      String b = n.conv(n.conv(pool, 48, 24, 1, 1), 24, 32, 3, 1);
      String c =
          n.conv(
              n.op(
                  "AveragePool",
                  List.of(pool),
                  Attribute.ints("kernel_shape", 3, 3),
                  Attribute.ints("strides", 1, 1),
                  Attribute.ints("pads", 1, 1, 1, 1),
                  Attribute.of("count_include_pad", 1L)),
              48,
              32,
              1,
              1);
      String cat = n.op("Concat", List.of(a, b, c), Attribute.of("axis", 1L));
      String last = n.conv(cat, 96, 128, 3, 1);
      String gap = n.op("GlobalAveragePool", List.of(last));
      String flat = n.op("Flatten", List.of(gap), Attribute.of("axis", 1L));
      g.initializer("fc_w", new long[] {CLASSES, 128}, n.weights(CLASSES * 128, 128, 4));
      g.initializer("fc_b", new long[] {CLASSES}, new float[CLASSES]);
      g.node("Gemm", List.of(flat, "fc_w", "fc_b"), List.of("logits"), Attribute.of("transB", 1L));
      g.node("Softmax", List.of("logits"), List.of("probabilities"), Attribute.of("axis", 1L));
      g.output("probabilities", OnnxGraph.DYNAMIC, CLASSES);
      return g.toModelBytes(9, 17, "test");
    }

    private String conv(String in, int cin, int cout, int k, int stride) {
      String w = "w" + counter;
      String b = "b" + counter;
      graph.initializer(
          w, new long[] {cout, cin, k, k}, weights(cout * cin * k * k, cin * k * k, 1));
      float[] bias = new float[cout];
      for (int i = 0; i < cout; i++) {
        bias[i] = (float) (random.nextGaussian() * 0.1);
      }
      graph.initializer(b, new long[] {cout}, bias);
      String conv =
          op(
              "Conv",
              List.of(in, w, b),
              Attribute.ints("kernel_shape", k, k),
              Attribute.ints("strides", stride, stride),
              Attribute.ints("pads", k / 2, k / 2, k / 2, k / 2));
      return op("Relu", List.of(conv));
    }

    private float[] weights(int count, int fanIn, double gain) {
      float[] w = new float[count];
      double std = gain * Math.sqrt(2.0 / fanIn);
      for (int i = 0; i < count; i++) {
        w[i] = (float) (random.nextGaussian() * std);
      }
      return w;
    }

    private String op(String type, List<String> inputs, Attribute... attributes) {
      String out = type.toLowerCase() + "_" + counter++;
      graph.node(type, inputs, List.of(out), attributes);
      return out;
    }
  }

  @Test
  void calibrationTensors_shouldNameEveryConvInputAndTrunkOutput() {
    List<String> tensors = QdqQuantizer.calibrationTensors(SmallNet.onnx(11));
    // the normalised input, 7 conv+relu outputs, the average pool and the concat; the max pool
    // shares its input's range
    assertThat(tensors).contains("normal").hasSize(10);
  }
}
