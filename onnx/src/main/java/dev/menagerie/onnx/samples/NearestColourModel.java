package dev.menagerie.onnx.samples;

import dev.menagerie.onnx.OnnxGraph;
import dev.menagerie.onnx.OnnxGraph.Attribute;
import java.util.List;

/**
 * A tiny, hand-weighted classifier for tests and the local cloud before a trained model exists: it
 * labels an image by the palette colour nearest to its mean colour. It follows the serving contract
 * of every Menagerie model: input {@code pixels} [batch, 3, H, W] holding plain RGB values in
 * 0..255, normalisation inside the graph, output {@code probabilities} [batch, classes].
 *
 * <p>Softmax over {@code -sharpness * |mean - colour|^2} is computed as a Gemm: the {@code
 * |mean|^2} term is the same for every class and cancels.
 */
public final class NearestColourModel {
  /** The palette, in label order. */
  public static final List<String> LABELS =
      List.of("red", "green", "blue", "yellow", "white", "black");

  private static final float[][] PALETTE = {
    {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 1, 1}, {0, 0, 0}
  };
  private static final float SHARPNESS = 8f;

  private NearestColourModel() {}

  /** The ONNX model bytes for square inputs of the given side. */
  public static byte[] onnx(int inputSize) {
    return graph(inputSize, false);
  }

  /**
   * The same classifier with the colour passed through a 1x1 identity convolution and a ReLU (which
   * change nothing): a float model with a convolution for int8 quantization to work on.
   */
  public static byte[] onnxWithConvolution(int inputSize) {
    return graph(inputSize, true);
  }

  private static byte[] graph(int inputSize, boolean convolution) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be positive, was " + inputSize);
    }
    int classes = PALETTE.length;
    float[] weights = new float[classes * 3];
    float[] bias = new float[classes];
    for (int k = 0; k < classes; k++) {
      float squaredNorm = 0;
      for (int c = 0; c < 3; c++) {
        weights[k * 3 + c] = 2 * SHARPNESS * PALETTE[k][c];
        squaredNorm += PALETTE[k][c] * PALETTE[k][c];
      }
      bias[k] = -SHARPNESS * squaredNorm;
    }
    OnnxGraph graph =
        new OnnxGraph("nearest-colour")
            .input("pixels", OnnxGraph.DYNAMIC, 3, inputSize, inputSize)
            .initializer("scale", new long[] {1}, new float[] {255f})
            .initializer("weights", new long[] {classes, 3}, weights)
            .initializer("bias", new long[] {classes}, bias)
            .node("Div", List.of("pixels", "scale"), List.of("unit"));
    String colour = "unit";
    if (convolution) {
      graph
          .initializer("identity", new long[] {3, 3, 1, 1}, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1})
          .initializer("zero", new long[] {3}, new float[3])
          .node(
              "Conv",
              List.of("unit", "identity", "zero"),
              List.of("same"),
              Attribute.ints("kernel_shape", 1, 1))
          .node("Relu", List.of("same"), List.of("colour"));
      colour = "colour";
    }
    return graph
        .node("GlobalAveragePool", List.of(colour), List.of("mean"))
        .node("Flatten", List.of("mean"), List.of("features"), Attribute.of("axis", 1L))
        .node(
            "Gemm",
            List.of("features", "weights", "bias"),
            List.of("logits"),
            Attribute.of("transB", 1L))
        .node("Softmax", List.of("logits"), List.of("probabilities"), Attribute.of("axis", 1L))
        .output("probabilities", OnnxGraph.DYNAMIC, classes)
        .toModelBytes(8, 17, "menagerie-nearest-colour");
  }
}
