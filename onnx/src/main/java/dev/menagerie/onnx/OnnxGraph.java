package dev.menagerie.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An ONNX graph under construction: float inputs and outputs, initializers and nodes in topological
 * order. {@link #toModelBytes} encodes it as a ModelProto that ONNX Runtime loads.
 *
 * <p>A dimension of {@link #DYNAMIC} in an input or output shape is written as the symbolic
 * dimension {@code batch}.
 */
public final class OnnxGraph {
  /** A shape entry meaning "any size" (written as the symbolic dimension {@code batch}). */
  public static final long DYNAMIC = -1;

  /** Highest IR version ONNX Runtime 1.23.2 loads. */
  public static final int MAX_IR_VERSION = 11;

  /** Highest default-domain opset ONNX Runtime 1.23.2 loads. */
  public static final int MAX_OPSET = 23;

  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  private final String name;
  private final List<ProtoWriter> inputs = new ArrayList<>();
  private final List<ProtoWriter> outputs = new ArrayList<>();
  private final List<ProtoWriter> initializers = new ArrayList<>();
  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final Set<String> names = new LinkedHashSet<>();
  private int nodeCount;

  public OnnxGraph(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Declares a float graph input. */
  public OnnxGraph input(String valueName, long... shape) {
    inputs.add(valueInfo(define(valueName), shape));
    return this;
  }

  /** Declares a float graph output. */
  public OnnxGraph output(String valueName, long... shape) {
    outputs.add(valueInfo(valueName, shape));
    return this;
  }

  /** Adds a float constant (weights, biases, normalisation constants). */
  public OnnxGraph initializer(String valueName, long[] dims, float[] values) {
    requireCount(dims, values.length, valueName);
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    initializers.add(tensor(define(valueName), dims, FLOAT, raw.array()));
    return this;
  }

  /** Adds an int64 constant (shapes for Reshape, axes). */
  public OnnxGraph initializerInt64(String valueName, long[] dims, long[] values) {
    requireCount(dims, values.length, valueName);
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    initializers.add(tensor(define(valueName), dims, INT64, raw.array()));
    return this;
  }

  /**
   * Adds a node. Its outputs become names later nodes may use; its inputs must already exist (pass
   * an empty string for an omitted optional input).
   */
  public OnnxGraph node(
      String opType, List<String> nodeInputs, List<String> nodeOutputs, Attribute... attributes) {
    for (String in : nodeInputs) {
      if (!in.isEmpty() && !names.contains(in)) {
        throw new IllegalArgumentException(
            "node "
                + opType
                + " reads '"
                + in
                + "', which no input, initializer or earlier node defines");
      }
    }
    ProtoWriter node = new ProtoWriter();
    nodeInputs.forEach(in -> node.string(1, in));
    nodeOutputs.forEach(out -> node.string(2, define(out)));
    node.string(3, opType + "_" + nodeCount++);
    node.string(4, opType);
    for (Attribute attribute : attributes) {
      node.message(5, attribute.encode());
    }
    nodes.add(node);
    return this;
  }

  /** Encodes the graph as an ONNX ModelProto. */
  public byte[] toModelBytes(int irVersion, int opset, String producer) {
    if (irVersion < 3 || irVersion > MAX_IR_VERSION) {
      throw new IllegalArgumentException(
          "irVersion "
              + irVersion
              + " is outside 3.."
              + MAX_IR_VERSION
              + " (what ONNX Runtime loads)");
    }
    if (opset < 7 || opset > MAX_OPSET) {
      throw new IllegalArgumentException(
          "opset " + opset + " is outside 7.." + MAX_OPSET + " (what ONNX Runtime loads)");
    }
    ProtoWriter graph = new ProtoWriter();
    nodes.forEach(n -> graph.message(1, n));
    graph.string(2, name);
    initializers.forEach(t -> graph.message(5, t));
    inputs.forEach(i -> graph.message(11, i));
    outputs.forEach(o -> graph.message(12, o));

    ProtoWriter model = new ProtoWriter();
    model.varint(1, irVersion);
    model.string(2, producer);
    model.message(7, graph);
    model.message(8, new ProtoWriter().string(1, "").varint(2, opset));
    return model.toByteArray();
  }

  /** Writes {@link #toModelBytes} to a file. */
  public void write(Path file, int irVersion, int opset, String producer) throws IOException {
    Files.write(file, toModelBytes(irVersion, opset, producer));
  }

  private String define(String valueName) {
    if (valueName.isEmpty() || !names.add(valueName)) {
      throw new IllegalArgumentException(
          "value name '" + valueName + "' is empty or already defined");
    }
    return valueName;
  }

  private static void requireCount(long[] dims, int count, String valueName) {
    long expected = 1;
    for (long d : dims) {
      expected *= d;
    }
    if (expected != count) {
      throw new IllegalArgumentException(
          "initializer " + valueName + " has " + count + " values, its dims need " + expected);
    }
  }

  private static ProtoWriter tensor(String valueName, long[] dims, int dataType, byte[] raw) {
    ProtoWriter tensor = new ProtoWriter();
    for (long d : dims) {
      tensor.varint(1, d);
    }
    tensor.varint(2, dataType);
    tensor.string(8, valueName);
    tensor.bytes(9, raw);
    return tensor;
  }

  private static ProtoWriter valueInfo(String valueName, long[] shape) {
    ProtoWriter dims = new ProtoWriter();
    for (long d : shape) {
      ProtoWriter dim = new ProtoWriter();
      if (d == DYNAMIC) {
        dim.string(2, "batch");
      } else {
        dim.varint(1, d);
      }
      dims.message(1, dim);
    }
    ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, dims);
    ProtoWriter type = new ProtoWriter().message(1, tensorType);
    return new ProtoWriter().string(1, valueName).message(2, type);
  }

  /** A node attribute. */
  public static final class Attribute {
    private final ProtoWriter proto;

    private Attribute(ProtoWriter proto) {
      this.proto = proto;
    }

    public static Attribute of(String name, long value) {
      return new Attribute(new ProtoWriter().string(1, name).varint(3, value).varint(20, 2));
    }

    public static Attribute of(String name, float value) {
      return new Attribute(new ProtoWriter().string(1, name).fixed32(2, value).varint(20, 1));
    }

    public static Attribute of(String name, String value) {
      return new Attribute(new ProtoWriter().string(1, name).string(4, value).varint(20, 3));
    }

    public static Attribute ints(String name, long... values) {
      ProtoWriter p = new ProtoWriter().string(1, name);
      for (long v : values) {
        p.varint(8, v);
      }
      return new Attribute(p.varint(20, 7));
    }

    public static Attribute floats(String name, float... values) {
      ProtoWriter p = new ProtoWriter().string(1, name);
      for (float v : values) {
        p.fixed32(7, v);
      }
      return new Attribute(p.varint(20, 6));
    }

    ProtoWriter encode() {
      return proto;
    }
  }
}
