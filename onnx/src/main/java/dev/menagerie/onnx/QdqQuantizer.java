package dev.menagerie.onnx;

import dev.menagerie.onnx.OnnxGraph.Attribute;
import dev.menagerie.onnx.OnnxModel.Node;
import dev.menagerie.onnx.OnnxModel.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Quantizes a float ONNX graph's convolutions to int8 in the QDQ format, the form ONNX Runtime's
 * graph optimiser fuses into integer kernels (QLinearConv and friends):
 *
 * <ul>
 *   <li>each Conv weight becomes an int8 initializer, symmetric per output channel, read through a
 *       DequantizeLinear (axis 0); its bias an int32 initializer at scale input scale x weight
 *       scale;
 *   <li>each activation tensor of the convolutional trunk (a Conv's input, a Conv's or its Relu's
 *       output, a Concat, MaxPool or AveragePool output) passes a QuantizeLinear/DequantizeLinear
 *       pair, uint8 per tensor, with the range measured by calibration ({@link #calibrationTensors}
 *       names them; {@link #exposing} writes a graph that outputs them). A MaxPool output reuses
 *       its input's scale, so the pool runs on uint8 too.
 * </ul>
 *
 * Everything else (the normalisation, the pooled head, Gemm, Softmax) stays float, and the graph's
 * inputs and outputs do not change.
 */
public final class QdqQuantizer {
  /** The smallest default-domain opset with per-axis QuantizeLinear/DequantizeLinear. */
  public static final int MIN_OPSET = 13;

  private static final Set<String> TRUNK_OUTPUTS = Set.of("Concat", "MaxPool", "AveragePool");

  /** An activation's observed range. */
  public record Range(float min, float max) {
    public Range {
      if (!(min <= max) || Float.isInfinite(min) || Float.isInfinite(max)) {
        throw new IllegalArgumentException("range [" + min + ", " + max + "] is not finite");
      }
    }
  }

  private QdqQuantizer() {}

  /** The activation tensors whose ranges {@link #quantize} needs, in graph order. */
  public static List<String> calibrationTensors(byte[] model) {
    return new ArrayList<>(new Plan(new OnnxModel(model)).calibrated());
  }

  /** The same model with {@code tensors} added as graph outputs (float, shape left open). */
  public static byte[] exposing(byte[] model, Collection<String> tensors) {
    OnnxModel m = new OnnxModel(model);
    for (String t : new LinkedHashSet<>(tensors)) {
      if (!m.outputNames.contains(t)) {
        m.outputs.add(OnnxModel.floatOutput(t));
        m.outputNames.add(t);
      }
    }
    return m.toBytes();
  }

  /**
   * How many nodes of each operator type {@code model}'s graph has (a domain other than ONNX's
   * prefixes the type, as in {@code com.microsoft:QLinearConcat}): to check what ONNX Runtime's
   * optimiser made of a graph (its optimized-model file).
   */
  public static Map<String, Integer> operators(byte[] model) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    new OnnxModel(model).nodes.forEach(n -> counts.merge(n.opType(), 1, Integer::sum));
    return counts;
  }

  /** The QDQ int8 graph of {@code model}, given every range {@link #calibrationTensors} names. */
  public static byte[] quantize(byte[] model, Map<String, Range> ranges) {
    OnnxModel m = new OnnxModel(model);
    if (m.opset < MIN_OPSET) {
      throw new IllegalArgumentException(
          "the model's opset is " + m.opset + "; int8 QDQ needs at least " + MIN_OPSET);
    }
    Plan plan = new Plan(m);
    if (plan.convs.isEmpty()) {
      throw new IllegalArgumentException("the model has no convolution with float weights");
    }
    Set<String> missing = new TreeSet<>(plan.calibrated());
    missing.removeAll(ranges.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("no calibrated range for " + missing);
    }
    return new Rewrite(m, plan, ranges).run();
  }

  /** Which convolutions and tensors to quantize. */
  private static final class Plan {
    final Map<String, Tensor> initializers = new HashMap<>();
    final List<Node> convs = new ArrayList<>();

    /** Every quantized activation, mapped to the tensor whose scale it uses (itself, mostly). */
    final Map<String, String> activations = new LinkedHashMap<>();

    Plan(OnnxModel m) {
      m.initializers.forEach(t -> initializers.put(t.name(), t));
      Map<String, List<Node>> consumers = new HashMap<>();
      for (Node n : m.nodes) {
        n.inputs().forEach(in -> consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n));
      }
      Set<String> convOutputs = new HashSet<>();
      for (Node n : m.nodes) {
        String op = n.opType();
        String out = n.outputs().isEmpty() ? "" : n.outputs().get(0);
        if (op.equals("Conv") && isFloatWeight(n)) {
          convs.add(n);
          String x = n.inputs().get(0);
          if (!initializers.containsKey(x)) {
            activations.putIfAbsent(x, x);
          }
          List<Node> readers = consumers.getOrDefault(out, List.of());
          if (readers.size() == 1 && readers.get(0).opType().equals("Relu")) {
            convOutputs.add(out); // quantized after its Relu
          } else {
            activations.put(out, out);
          }
        } else if (op.equals("Relu") && convOutputs.contains(n.inputs().get(0))) {
          activations.put(out, out);
        } else if (op.equals("MaxPool") && activations.containsKey(n.inputs().get(0))) {
          activations.put(out, activations.get(n.inputs().get(0)));
        } else if (TRUNK_OUTPUTS.contains(op)) {
          activations.put(out, out);
        }
      }
    }

    Set<String> calibrated() {
      return new LinkedHashSet<>(activations.values());
    }

    private boolean isFloatWeight(Node conv) {
      if (conv.inputs().size() < 2) {
        return false;
      }
      Tensor w = initializers.get(conv.inputs().get(1));
      if (w == null || w.dataType() != OnnxModel.FLOAT || w.dims().length < 2) {
        return false;
      }
      if (conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty()) {
        Tensor b = initializers.get(conv.inputs().get(2));
        return b != null && b.dataType() == OnnxModel.FLOAT;
      }
      return true;
    }
  }

  /** Builds the new node list and initializers. */
  private static final class Rewrite {
    private final OnnxModel m;
    private final Plan plan;
    private final Map<String, Range> ranges;
    private final Map<String, float[]> scaleOf = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Tensor> added = new ArrayList<>();
    private final Map<String, String> renamed = new HashMap<>();
    private int counter;

    Rewrite(OnnxModel m, Plan plan, Map<String, Range> ranges) {
      this.m = m;
      this.plan = plan;
      this.ranges = ranges;
    }

    byte[] run() {
      for (String source : plan.calibrated()) {
        activationParameters(source, ranges.get(source));
      }
      for (String input : m.inputNames) {
        if (plan.activations.containsKey(input)) {
          qdq(input);
        }
      }
      Set<Node> convs = new HashSet<>(plan.convs);
      for (Node n : m.nodes) {
        List<String> inputs = new ArrayList<>();
        n.inputs().forEach(in -> inputs.add(renamed.getOrDefault(in, in)));
        if (convs.contains(n)) {
          quantizeConv(n, inputs);
        }
        nodes.add(n.withInputs(inputs));
        for (String out : n.outputs()) {
          if (plan.activations.containsKey(out)) {
            qdq(out);
          }
        }
      }
      Set<String> read = new HashSet<>();
      nodes.forEach(n -> read.addAll(n.inputs()));
      m.initializers.removeIf(
          t -> !read.contains(t.name()) && t.dataType() == OnnxModel.FLOAT && isWeight(t));
      m.initializers.addAll(added);
      m.nodes.clear();
      m.nodes.addAll(nodes);
      return m.toBytes();
    }

    private boolean isWeight(Tensor t) {
      for (Node c : plan.convs) {
        if (c.inputs().get(1).equals(t.name())
            || (c.inputs().size() > 2 && c.inputs().get(2).equals(t.name()))) {
          return true;
        }
      }
      return false;
    }

    /** uint8, asymmetric, the range widened to hold 0 (so that 0 and ReLU's floor are exact). */
    private void activationParameters(String tensor, Range range) {
      float lo = Math.min(range.min(), 0f);
      float hi = Math.max(range.max(), 0f);
      float scale = hi > lo ? (hi - lo) / 255f : 1f;
      int zero = (int) Math.max(0, Math.min(255, Math.round(-lo / scale)));
      scaleOf.put(tensor, new float[] {scale});
      added.add(floatScalar(tensor + "_scale", scale));
      added.add(
          OnnxModel.tensor(
              tensor + "_zero_point", OnnxModel.UINT8, new long[0], new byte[] {(byte) zero}));
    }

    private void qdq(String tensor) {
      String source = plan.activations.get(tensor);
      List<String> params = List.of(source + "_scale", source + "_zero_point");
      String q = tensor + "_quantized";
      String dq = tensor + "_dequantized";
      nodes.add(node("QuantizeLinear", join(tensor, params), q));
      nodes.add(node("DequantizeLinear", join(q, params), dq));
      renamed.put(tensor, dq);
    }

    private void quantizeConv(Node conv, List<String> inputs) {
      Tensor w = plan.initializers.get(conv.inputs().get(1));
      float[] weights = w.floats();
      int channels = (int) w.dims()[0];
      int perChannel = weights.length / channels;
      float[] scales = new float[channels];
      byte[] q = new byte[weights.length];
      for (int c = 0; c < channels; c++) {
        float max = 0;
        for (int k = 0; k < perChannel; k++) {
          max = Math.max(max, Math.abs(weights[c * perChannel + k]));
        }
        scales[c] = max > 0 ? max / 127f : 1f;
        for (int k = 0; k < perChannel; k++) {
          int i = c * perChannel + k;
          q[i] = (byte) Math.max(-127, Math.min(127, Math.round(weights[i] / scales[c])));
        }
      }
      String base = w.name() + "_int8_" + counter++;
      inputs.set(1, perChannel(base, OnnxModel.INT8, w.dims(), q, scales, 1));
      if (inputs.size() > 2 && !inputs.get(2).isEmpty()) {
        float inputScale = scaleOf.get(plan.activations.get(conv.inputs().get(0)))[0];
        float[] bias = plan.initializers.get(conv.inputs().get(2)).floats();
        float[] biasScales = new float[channels];
        ByteBuffer b = ByteBuffer.allocate(channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < channels; c++) {
          biasScales[c] = inputScale * scales[c];
          long v = Math.round((double) bias[c] / biasScales[c]);
          b.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        }
        long[] dims = {channels};
        inputs.set(2, perChannel(base + "_bias", OnnxModel.INT32, dims, b.array(), biasScales, 4));
      }
    }

    /**
     * Adds an integer initializer, its per-channel scales and zero zero-points, and the
     * DequantizeLinear (axis 0) that reads it; returns the dequantized value's name.
     */
    private String perChannel(
        String name, int type, long[] dims, byte[] values, float[] scales, int bytesPerZero) {
      added.add(OnnxModel.tensor(name, type, dims, values));
      added.add(floats(name + "_scale", scales));
      added.add(
          OnnxModel.tensor(
              name + "_zero_point",
              type,
              new long[] {scales.length},
              new byte[scales.length * bytesPerZero]));
      nodes.add(
          node(
              "DequantizeLinear",
              List.of(name, name + "_scale", name + "_zero_point"),
              name + "_dequantized",
              Attribute.of("axis", 0L)));
      return name + "_dequantized";
    }

    private Node node(String op, List<String> inputs, String output, Attribute... attributes) {
      return new Node(
          op,
          inputs,
          List.of(output),
          List.of(OnnxModel.header(op + "_int8_" + counter++, op, attributes)));
    }

    private static List<String> join(String first, List<String> rest) {
      List<String> all = new ArrayList<>();
      all.add(first);
      all.addAll(rest);
      return all;
    }

    private static Tensor floatScalar(String name, float value) {
      return OnnxModel.tensor(
          name,
          OnnxModel.FLOAT,
          new long[0],
          ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
    }

    private static Tensor floats(String name, float[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      return OnnxModel.tensor(name, OnnxModel.FLOAT, new long[] {values.length}, b.array());
    }
  }
}
