package dev.menagerie.common.image;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The entropy-coded data of a JPEG scan as a stream of bits (ITU T.81 F.2.2): a 64-bit buffer,
 * refilled eight bytes at a time where none of them is 0xFF and otherwise a byte at a time,
 * dropping the stuffed zero after each 0xFF data byte and stopping at a marker. Past a marker or
 * the end of the data it feeds zero bits, as libjpeg does, and counts them: a decoder that has used
 * any of them has run out of data ({@link #checkNotTruncated}).
 */
final class JpegBitReader {
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] data;
  private int pos;

  /** The next bits, first bit at the top. */
  private long bits;

  private int count;

  /** Zero bits at the bottom of {@link #bits} that are not data (past a marker or the end). */
  private int padding;

  /** Whether {@link #pos} is at a marker, where reading stops until {@link #restart}. */
  private boolean atMarker;

  JpegBitReader(byte[] data, int start) {
    this.data = data;
    this.pos = start;
  }

  /** Makes sure at least 32 bits are buffered: a code and its value bits, at most 31. */
  void fill() {
    if (count < 32) {
      refill();
    }
  }

  private void refill() {
    if (count <= 56 && !atMarker && pos + 8 <= data.length) {
      long word = (long) BIG_ENDIAN_LONG.get(data, pos);
      if (((~word - 0x0101010101010101L) & word & 0x8080808080808080L) == 0) {
        // No 0xFF among the next eight bytes: no stuffing or marker, take as many as fit at once.
        int take = (64 - count) >> 3;
        bits |= (word >>> (64 - 8 * take)) << (64 - count - 8 * take);
        pos += take;
        count += 8 * take;
        return;
      }
    }
    while (count <= 56) {
      int b = 0;
      if (!atMarker && pos < data.length) {
        b = data[pos] & 0xFF;
        if (b != 0xFF) {
          pos++;
        } else {
          int next = pos + 1;
          while (next < data.length && data[next] == (byte) 0xFF) {
            next++; // fill bytes before a marker, or before a stuffed zero
          }
          if (next < data.length && data[next] == 0) {
            pos = next + 1;
          } else {
            pos = next - 1;
            atMarker = true;
            b = 0;
            padding += 8;
          }
        }
      } else {
        padding += 8;
      }
      bits |= (long) b << (56 - count);
      count += 8;
    }
  }

  /** The next symbol of {@code table}. Needs {@link #fill} first. */
  int decode(HuffmanTable table) {
    int entry = table.lookup[(int) (bits >>> (64 - HuffmanTable.LOOKAHEAD))];
    if (entry != 0) {
      skip(entry >> 8);
      return entry & 0xFF;
    }
    for (int length = HuffmanTable.LOOKAHEAD + 1; length <= 16; length++) {
      int code = (int) (bits >>> (64 - length));
      if (code <= table.maxCode[length]) {
        int index = code + table.valueOffset[length];
        if (index < 0 || index >= table.symbols.length) {
          break;
        }
        skip(length);
        return table.symbols[index];
      }
    }
    throw corrupt("a Huffman code matches no symbol of its table");
  }

  /**
   * Steps over the AC coefficients of a block, codes and value bits, where only its DC term is
   * kept. Returns the coefficient index it ended at: 64 after the last coefficient, at least {@link
   * HuffmanTable#END_OF_BLOCK} after an end-of-block code, anything else if the block ran past its
   * 64 coefficients. The hot loop of a 1/8-scale decode, so it works on local copies of the buffer.
   */
  int skipAc(HuffmanTable table) {
    int[] runs = table.runs();
    int[] skip = table.skip;
    long buffer = bits;
    int buffered = count;
    int k = 1;
    while (k < 64) {
      if (buffered < 32) {
        bits = buffer;
        count = buffered;
        refill();
        buffer = bits;
        buffered = count;
      }
      int run = runs[(int) (buffer >>> (64 - HuffmanTable.RUN_BITS))];
      int advance = run & 0x7FFF;
      if (run != 0 && k + advance < 64) {
        // every coefficient of the run lands inside the block, and so would the end of block
        int n = run >>> 16;
        buffer <<= n;
        buffered -= n;
        k +=
            (run & HuffmanTable.RUN_ENDS_BLOCK) != 0
                ? HuffmanTable.END_OF_BLOCK + advance
                : advance;
        continue;
      }
      int entry = skip[(int) (buffer >>> (64 - HuffmanTable.LOOKAHEAD))];
      if (entry == 0) {
        bits = buffer;
        count = buffered;
        k += skipLongCode(table);
        buffer = bits;
        buffered = count;
        continue;
      }
      int n = entry >> 8;
      buffer <<= n;
      buffered -= n;
      k += entry & 0xFF;
    }
    bits = buffer;
    count = buffered;
    return k;
  }

  /**
   * Decodes the AC coefficients of a block and adds each, dequantized and transformed by {@code
   * kernel} ({@link ReducedIdct#kernel}, {@code nx} points), into its row of {@code rows}. Returns
   * the mask of rows in use. The hot loop of a decode at 1/2 or full scale.
   */
  int decodeAc(HuffmanTable table, float[] kernel, float[] rows, int nx) {
    int[] values = table.values;
    int[] lookup = table.lookup;
    int[] rowOf = ReducedIdct.ROW_OF;
    int used = 0;
    int k = 1;
    while (k < 64) {
      if (count < 32) {
        refill();
      }
      int entry = values[(int) (bits >>> (64 - HuffmanTable.VALUE_BITS))];
      float value;
      if (entry != 0) {
        int n = entry & 0xFF;
        bits <<= n;
        count -= n;
        k += (entry >> 8) & 0xFF;
        if (entry >> 16 == 0) {
          if ((entry & 0xFF00) == 0) {
            return used; // end of block
          }
          continue; // a run of 16 zeros, already added to k
        }
        value = entry >> 16;
      } else {
        int code = lookup[(int) (bits >>> (64 - HuffmanTable.LOOKAHEAD))];
        int symbol;
        if (code != 0) {
          skip(code >> 8);
          symbol = code & 0xFF;
        } else {
          symbol = decode(table);
        }
        int run = symbol >> 4;
        int size = symbol & 15;
        if (size == 0) {
          if (run != 15) {
            return used;
          }
          k += 16;
          continue;
        }
        k += run;
        value = receiveExtend(size);
      }
      if (k > 63) {
        throw corrupt("a block has more than 64 coefficients");
      }
      int row = rowOf[k];
      int at = k << 3;
      if (nx == 4) {
        rows[row] += value * kernel[at];
        rows[row + 1] += value * kernel[at + 1];
        rows[row + 2] += value * kernel[at + 2];
        rows[row + 3] += value * kernel[at + 3];
      } else if (nx == 8) {
        rows[row] += value * kernel[at];
        rows[row + 1] += value * kernel[at + 1];
        rows[row + 2] += value * kernel[at + 2];
        rows[row + 3] += value * kernel[at + 3];
        rows[row + 4] += value * kernel[at + 4];
        rows[row + 5] += value * kernel[at + 5];
        rows[row + 6] += value * kernel[at + 6];
        rows[row + 7] += value * kernel[at + 7];
      } else {
        for (int i = 0; i < nx; i++) {
          rows[row + i] += value * kernel[at + i];
        }
      }
      used |= 1 << (row >> 3);
      k++;
    }
    if (k > 64) {
      throw corrupt("a block has more than 64 coefficients");
    }
    return used;
  }

  /** One AC coefficient whose code is longer than the lookahead, as {@link #skipAc} counts it. */
  private int skipLongCode(HuffmanTable table) {
    int symbol = decode(table);
    int run = symbol >> 4;
    int size = symbol & 15;
    skip(size);
    return size != 0 ? run + 1 : run == 15 ? 16 : HuffmanTable.END_OF_BLOCK;
  }

  /** A value of {@code size} bits, sign-extended as T.81 F.2.2.1 EXTEND does (0 for size 0). */
  int receiveExtend(int size) {
    if (size == 0) {
      return 0;
    }
    int value = (int) (bits >>> (64 - size));
    skip(size);
    return value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
  }

  private void skip(int n) {
    bits <<= n;
    count -= n;
  }

  /** Where reading has got to in the data (buffered bits are before it). */
  int position() {
    return pos;
  }

  /** Refuses the image if decoding has used bits that are not in the data. */
  void checkNotTruncated() {
    if (count < padding) {
      throw corrupt("the data ends before the image does");
    }
  }

  /**
   * Ends a restart interval: drops the rest of the byte, expects restart marker {@code n} (0-7)
   * next, after any bytes an encoder left over, and continues after it.
   */
  void restart(int n) {
    checkNotTruncated();
    if (!atMarker) {
      while (pos + 1 < data.length
          && (data[pos] != (byte) 0xFF || data[pos + 1] == 0 || data[pos + 1] == (byte) 0xFF)) {
        pos++;
      }
    }
    if (pos + 1 >= data.length || (data[pos + 1] & 0xFF) != 0xD0 + n) {
      throw corrupt("restart marker " + n + " is missing");
    }
    pos += 2;
    atMarker = false;
    bits = 0;
    count = 0;
    padding = 0;
  }

  static MenagerieException corrupt(String why) {
    return new MenagerieException(
        ErrorCode.CORRUPT_IMAGE, ImageFormat.JPEG + " image is damaged or truncated: " + why);
  }
}
