package dev.menagerie.training.arch;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.menagerie.onnx.OnnxGraph;
import dev.menagerie.onnx.OnnxGraph.Attribute;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the serving graph of a trained network: the same layer description that built the DJL
 * blocks, walked beside those blocks to take their weights. The graph follows {@code
 * docs/model-format.md}: input {@value #INPUT} {@code [batch, 3, H, W]} of 0..255 RGB, the
 * normalisation inside, output {@value #OUTPUT} {@code [batch, classes]}. Each BatchNorm (with its
 * running statistics) is folded into the convolution before it.
 */
public final class OnnxExport {
  public static final String INPUT = "pixels";
  public static final String OUTPUT = "probabilities";
  public static final int IR_VERSION = 9;
  public static final int OPSET = 17;

  private final OnnxGraph graph;
  private int counter;

  private OnnxExport(String name) {
    this.graph = new OnnxGraph(name);
  }

  /** The ONNX model bytes of {@code network} (built by {@link DjlNetwork#build}, initialised). */
  public static byte[] toBytes(Architecture architecture, Block network) {
    return toBytes(
        architecture.name(),
        architecture.layers(),
        network,
        architecture.inputSize(),
        architecture.classes());
  }

  /** The graph of any description whose output is {@code [batch, classes]} logits. */
  static byte[] toBytes(
      String name, Layer.Sequence layers, Block network, int inputSize, int classes) {
    OnnxExport export = new OnnxExport(name);
    export.graph.input(INPUT, OnnxGraph.DYNAMIC, 3, inputSize, inputSize);
    String logits = export.walk(layers, network, INPUT);
    export.graph.node("Softmax", List.of(logits), List.of(OUTPUT), Attribute.of("axis", 1L));
    export.graph.output(OUTPUT, OnnxGraph.DYNAMIC, classes);
    return export.graph.toModelBytes(IR_VERSION, OPSET, "menagerie-training");
  }

  private String walk(Layer layer, Block block, String input) {
    if (layer instanceof Layer.Normalize n) {
      float[][] ss = DjlNetwork.scaleShift(n);
      String scale = constant("norm_scale", new long[] {1, 3, 1, 1}, ss[0]);
      String shift = constant("norm_shift", new long[] {1, 3, 1, 1}, ss[1]);
      String scaled = node("Mul", List.of(input, scale));
      return node("Add", List.of(scaled, shift));
    } else if (layer instanceof Layer.ConvBn c) {
      return convBn(c, block, input);
    } else if (layer instanceof Layer.MaxPool p) {
      return node(
          "MaxPool",
          List.of(input),
          Attribute.ints("kernel_shape", p.kernel(), p.kernel()),
          Attribute.ints("strides", p.stride(), p.stride()),
          Attribute.ints("pads", p.pad(), p.pad(), p.pad(), p.pad()));
    } else if (layer instanceof Layer.AvgPool p) {
      return node(
          "AveragePool",
          List.of(input),
          Attribute.ints("kernel_shape", p.kernel(), p.kernel()),
          Attribute.ints("strides", p.stride(), p.stride()),
          Attribute.ints("pads", p.pad(), p.pad(), p.pad(), p.pad()),
          Attribute.of("count_include_pad", 1L));
    } else if (layer instanceof Layer.Sequence s) {
      List<Block> children = children(block, s.layers().size(), s.name());
      String out = input;
      for (int i = 0; i < s.layers().size(); i++) {
        out = walk(s.layers().get(i), children.get(i), out);
      }
      return out;
    } else if (layer instanceof Layer.Branches b) {
      List<Block> children = children(block, b.branches().size(), b.name());
      List<String> outs = new ArrayList<>();
      for (int i = 0; i < b.branches().size(); i++) {
        outs.add(walk(b.branches().get(i), children.get(i), input));
      }
      return node("Concat", outs, Attribute.of("axis", 1L));
    } else if (layer instanceof Layer.GlobalAvgPool) {
      String pooled = node("GlobalAveragePool", List.of(input));
      return node("Flatten", List.of(pooled), Attribute.of("axis", 1L));
    } else if (layer instanceof Layer.Dropout) {
      return input; // inference: identity
    } else if (layer instanceof Layer.Dense d) {
      ParameterList params = block.getParameters();
      Parameter weight = params.get("weight");
      Parameter bias = params.get("bias");
      long[] wShape = weight.getArray().getShape().getShape();
      if (wShape[0] != d.units()) {
        throw new IllegalStateException(
            "head has " + wShape[0] + " outputs, the description says " + d.units());
      }
      String w = constant("fc_w", wShape, weight.getArray().toFloatArray());
      String bb = constant("fc_b", new long[] {d.units()}, bias.getArray().toFloatArray());
      return node("Gemm", List.of(input, w, bb), Attribute.of("transB", 1L));
    }
    throw new IllegalStateException("no ONNX export for " + layer);
  }

  private String convBn(Layer.ConvBn c, Block block, String input) {
    List<Block> parts = children(block, 3, "conv_bn");
    float[] w = parts.get(0).getParameters().get("weight").getArray().toFloatArray();
    long[] wShape = parts.get(0).getParameters().get("weight").getArray().getShape().getShape();
    ParameterList bn = parts.get(1).getParameters();
    float[] gamma = bn.get("gamma").getArray().toFloatArray();
    float[] beta = bn.get("beta").getArray().toFloatArray();
    float[] mean = bn.get("runningMean").getArray().toFloatArray();
    float[] var = bn.get("runningVar").getArray().toFloatArray();
    int out = (int) wShape[0];
    if (out != c.channels()) {
      throw new IllegalStateException(
          "convolution has " + out + " filters, the description says " + c.channels());
    }
    int perFilter = w.length / out;
    float[] folded = new float[w.length];
    float[] bias = new float[out];
    for (int o = 0; o < out; o++) {
      double scale = gamma[o] / Math.sqrt((double) var[o] + c.epsilon());
      for (int k = 0; k < perFilter; k++) {
        folded[o * perFilter + k] = (float) (w[o * perFilter + k] * scale);
      }
      bias[o] = (float) (beta[o] - mean[o] * scale);
    }
    String wName = constant("conv_w", wShape, folded);
    String bName = constant("conv_b", new long[] {out}, bias);
    String conv =
        node(
            "Conv",
            List.of(input, wName, bName),
            Attribute.ints("kernel_shape", c.kernelH(), c.kernelW()),
            Attribute.ints("strides", c.stride(), c.stride()),
            Attribute.ints("pads", c.padH(), c.padW(), c.padH(), c.padW()));
    return node("Relu", List.of(conv));
  }

  private static List<Block> children(Block block, int expected, String what) {
    List<Block> children = block.getChildren().values();
    if (children.size() != expected) {
      throw new IllegalStateException(
          what + ": the block has " + children.size() + " children, expected " + expected);
    }
    return children;
  }

  private String constant(String prefix, long[] dims, float[] values) {
    String name = prefix + "_" + counter++;
    graph.initializer(name, dims, values);
    return name;
  }

  private String node(String op, List<String> inputs, Attribute... attributes) {
    String out = op.toLowerCase(java.util.Locale.ROOT) + "_" + counter++;
    graph.node(op, inputs, List.of(out), attributes);
    return out;
  }
}
