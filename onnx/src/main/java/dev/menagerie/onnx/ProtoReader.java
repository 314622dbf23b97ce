package dev.menagerie.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the protobuf wire format into fields, keeping each field's encoded bytes so that a message
 * can be written back with only the fields one means to change rewritten.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  /**
   * One field of a message: its number, wire type, value, and its whole encoding (tag included).
   */
  record Field(int number, int wireType, long varint, byte[] payload, byte[] encoded) {
    String string() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private ProtoReader() {}

  /** The fields of one message, in the order they are encoded. */
  static List<Field> fields(byte[] message) {
    List<Field> fields = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < message.length) {
      int start = pos[0];
      long tag = varint(message, pos);
      int number = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      long value = 0;
      byte[] payload = null;
      switch (wireType) {
        case VARINT -> value = varint(message, pos);
        case FIXED64 -> skip(message, pos, 8);
        case FIXED32 -> {
          payload = Arrays.copyOfRange(message, pos[0], pos[0] + 4);
          skip(message, pos, 4);
        }
        case LENGTH_DELIMITED -> {
          long length = varint(message, pos);
          if (length < 0 || length > message.length - pos[0]) {
            throw new IllegalArgumentException(
                "not an ONNX model: field " + number + " runs past the end of its message");
          }
          payload = Arrays.copyOfRange(message, pos[0], pos[0] + (int) length);
          pos[0] += (int) length;
        }
        default ->
            throw new IllegalArgumentException(
                "not an ONNX model: wire type " + wireType + " at byte " + start);
      }
      fields.add(
          new Field(number, wireType, value, payload, Arrays.copyOfRange(message, start, pos[0])));
    }
    return fields;
  }

  /** The values of a repeated integer field, whether written packed or one by one. */
  static List<Long> longs(List<Field> fields, int number) {
    List<Long> values = new ArrayList<>();
    for (Field f : fields) {
      if (f.number() != number) {
        continue;
      }
      if (f.wireType() == VARINT) {
        values.add(f.varint());
      } else if (f.wireType() == LENGTH_DELIMITED) {
        int[] pos = {0};
        while (pos[0] < f.payload().length) {
          values.add(varint(f.payload(), pos));
        }
      }
    }
    return values;
  }

  private static long varint(byte[] b, int[] pos) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= b.length) {
        throw new IllegalArgumentException("not an ONNX model: a varint runs past the end");
      }
      int x = b[pos[0]++];
      result |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("not an ONNX model: a varint longer than 10 bytes");
  }

  private static void skip(byte[] b, int[] pos, int n) {
    if (pos[0] + n > b.length) {
      throw new IllegalArgumentException("not an ONNX model: a fixed field runs past the end");
    }
    pos[0] += n;
  }
}
