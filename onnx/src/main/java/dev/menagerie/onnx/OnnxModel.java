package dev.menagerie.onnx;

import dev.menagerie.onnx.ProtoReader.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX ModelProto read back into its graph's nodes, initializers and outputs, so that a pass
 * such as {@link QdqQuantizer} can rewrite them; every other field is written back byte for byte.
 */
final class OnnxModel {
  static final int FLOAT = 1;
  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int INT32 = 6;

  /** A node: what it reads and writes, its type; its other fields (attributes, name) kept raw. */
  record Node(String opType, List<String> inputs, List<String> outputs, List<byte[]> rest) {
    static Node of(String opType, List<String> inputs, List<String> outputs, byte[]... rest) {
      return new Node(opType, inputs, outputs, List.of(rest));
    }

    Node withInputs(List<String> newInputs) {
      return new Node(opType, newInputs, outputs, rest);
    }
  }

  /** An initializer: its name, type and dims, and its encoding as a graph field. */
  record Tensor(String name, int dataType, long[] dims, byte[] encoded, List<Field> fields) {
    /** The values of a FLOAT tensor (raw_data or float_data). */
    float[] floats() {
      if (dataType != FLOAT) {
        throw new IllegalStateException("initializer " + name + " is not float");
      }
      ByteBuffer values = null;
      for (Field f : fields) {
        if (f.number() == 13 || (f.number() == 14 && f.varint() == 1)) {
          throw new IllegalArgumentException(
              "initializer " + name + " keeps its data in an external file, which is not read");
        }
        if (f.number() == 9) {
          values = ByteBuffer.wrap(f.payload());
        }
      }
      if (values == null) {
        ByteBuffer packed = ByteBuffer.allocate(count() * 4);
        fields.stream().filter(f -> f.number() == 4).forEach(f -> packed.put(f.payload()));
        values = packed.flip();
      }
      float[] out = new float[values.remaining() / 4];
      values.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      if (out.length != count()) {
        throw new IllegalArgumentException(
            "initializer " + name + " has " + out.length + " values, its dims need " + count());
      }
      return out;
    }

    int count() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return Math.toIntExact(n);
    }
  }

  private final List<Field> modelFields;
  private final List<Field> graphRest = new ArrayList<>();
  final List<Node> nodes = new ArrayList<>();
  final List<Tensor> initializers = new ArrayList<>();
  final List<byte[]> outputs = new ArrayList<>();
  final List<String> outputNames = new ArrayList<>();
  final List<String> inputNames = new ArrayList<>();
  final long opset;

  OnnxModel(byte[] model) {
    modelFields = ProtoReader.fields(model);
    long defaultOpset = -1;
    Field graph = null;
    for (Field f : modelFields) {
      if (f.number() == 7) {
        graph = f;
      } else if (f.number() == 8) {
        String domain = "";
        long version = 0;
        for (Field g : ProtoReader.fields(f.payload())) {
          if (g.number() == 1) {
            domain = g.string();
          } else if (g.number() == 2) {
            version = g.varint();
          }
        }
        if (domain.isEmpty() || domain.equals("ai.onnx")) {
          defaultOpset = version;
        }
      }
    }
    if (graph == null) {
      throw new IllegalArgumentException("not an ONNX model: no graph");
    }
    opset = defaultOpset;
    for (Field f : ProtoReader.fields(graph.payload())) {
      switch (f.number()) {
        case 1 -> nodes.add(node(f.payload()));
        case 5 -> initializers.add(tensor(f));
        case 12 -> {
          outputs.add(f.encoded());
          outputNames.add(valueName(f.payload()));
        }
        default -> {
          if (f.number() == 11) {
            inputNames.add(valueName(f.payload()));
          }
          graphRest.add(f);
        }
      }
    }
  }

  byte[] toBytes() {
    ProtoWriter graph = new ProtoWriter();
    for (Node n : nodes) {
      ProtoWriter node = new ProtoWriter();
      n.inputs().forEach(in -> node.string(1, in));
      n.outputs().forEach(out -> node.string(2, out));
      n.rest().forEach(node::encoded);
      graph.message(1, node);
    }
    graphRest.forEach(f -> graph.encoded(f.encoded()));
    initializers.forEach(t -> graph.encoded(t.encoded()));
    outputs.forEach(graph::encoded);
    ProtoWriter model = new ProtoWriter();
    for (Field f : modelFields) {
      if (f.number() == 7) {
        model.message(7, graph);
      } else {
        model.encoded(f.encoded());
      }
    }
    return model.toByteArray();
  }

  /** A new node's fields besides inputs and outputs: its name, type and attributes. */
  static byte[][] header(String name, String opType, OnnxGraph.Attribute... attributes) {
    byte[][] rest = new byte[2 + attributes.length][];
    rest[0] = new ProtoWriter().string(3, name).toByteArray();
    rest[1] = new ProtoWriter().string(4, opType).toByteArray();
    for (int i = 0; i < attributes.length; i++) {
      rest[2 + i] = new ProtoWriter().message(5, attributes[i].encode()).toByteArray();
    }
    return rest;
  }

  /** A new initializer from its raw little-endian bytes. */
  static Tensor tensor(String name, int dataType, long[] dims, byte[] raw) {
    ProtoWriter t = new ProtoWriter();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, dataType).string(8, name).bytes(9, raw);
    byte[] encoded = new ProtoWriter().message(5, t).toByteArray();
    return new Tensor(name, dataType, dims, encoded, List.of());
  }

  /** A graph output of type float and unknown shape (for exposing intermediate values). */
  static byte[] floatOutput(String name) {
    ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT);
    ProtoWriter type = new ProtoWriter().message(1, tensorType);
    return new ProtoWriter()
        .message(12, new ProtoWriter().string(1, name).message(2, type))
        .toByteArray();
  }

  private static Node node(byte[] payload) {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    List<byte[]> rest = new ArrayList<>();
    String opType = "";
    String domain = "";
    for (Field f : ProtoReader.fields(payload)) {
      switch (f.number()) {
        case 1 -> inputs.add(f.string());
        case 2 -> outputs.add(f.string());
        default -> {
          if (f.number() == 4) {
            opType = f.string();
          } else if (f.number() == 7) {
            domain = f.string();
          }
          rest.add(f.encoded());
        }
      }
    }
    String type = domain.isEmpty() || domain.equals("ai.onnx") ? opType : domain + ":" + opType;
    return new Node(type, inputs, outputs, rest);
  }

  private static Tensor tensor(Field field) {
    List<Field> fields = ProtoReader.fields(field.payload());
    String name = "";
    int dataType = 0;
    for (Field f : fields) {
      if (f.number() == 8) {
        name = f.string();
      } else if (f.number() == 2) {
        dataType = (int) f.varint();
      }
    }
    long[] dims = ProtoReader.longs(fields, 1).stream().mapToLong(Long::longValue).toArray();
    return new Tensor(name, dataType, dims, field.encoded(), fields);
  }

  private static String valueName(byte[] valueInfo) {
    for (Field f : ProtoReader.fields(valueInfo)) {
      if (f.number() == 1) {
        return f.string();
      }
    }
    return "";
  }
}
