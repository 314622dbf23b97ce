package dev.menagerie.common.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The headers of a JPEG that {@link JpegScaledDecoder} can decode, read up to its scan: Huffman
 * (SOF0) or extended sequential Huffman (SOF1) with 8-bit samples, grey or YCbCr, every component
 * in one interleaved scan, sampling factors whose ratios are 1, 2 or 4, and no colour profile.
 * {@link #parse} returns null for anything else (progressive, arithmetic, lossless, 12-bit, CMYK,
 * YCCK, RGB, an ICC profile, several scans, a marker it does not know, tables it cannot use), and
 * the caller then decodes with ImageIO, which handles those and reports damage as it always has.
 */
final class JpegFrame {
  /** One component of the frame, with the tables its scan uses. */
  static final class Component {
    /** Position in the frame header: 0 is Y (or grey), 1 Cb, 2 Cr. */
    final int index;

    final int id;
    final int h;
    final int v;

    /** Quantization step of each coefficient, in zigzag order. */
    int[] quantization;

    HuffmanTable dc;
    HuffmanTable ac;

    Component(int index, int id, int h, int v) {
      this.index = index;
      this.id = id;
      this.h = h;
      this.v = v;
    }
  }

  final int width;
  final int height;
  final int maxH;
  final int maxV;

  /** In the order of the scan, which sets the order of blocks in an MCU. */
  final Component[] components;

  /** MCUs per restart interval, 0 when there are no restart markers. */
  final int restartInterval;

  /** Offset of the first byte of entropy-coded data. */
  final int scanStart;

  /**
   * The ICC profile of the APP2 segments, its chunks joined in order; null if there is none. Not
   * checked beyond its chunks: the caller decides whether it is a profile it can apply.
   */
  final byte[] iccProfile;

  private JpegFrame(
      int width,
      int height,
      Component[] components,
      int restartInterval,
      int scanStart,
      byte[] iccProfile) {
    this.iccProfile = iccProfile;
    this.width = width;
    this.height = height;
    this.components = components;
    this.restartInterval = restartInterval;
    this.scanStart = scanStart;
    this.maxH = Arrays.stream(components).mapToInt(c -> c.h).max().orElse(1);
    this.maxV = Arrays.stream(components).mapToInt(c -> c.v).max().orElse(1);
  }

  /**
   * The frame of a decodable JPEG, or null (see the class comment). Never throws on bad data: every
   * read is bounded by the segment's declared length, itself checked against the data.
   */
  static JpegFrame parse(byte[] data) {
    return new Parser(data).parse();
  }

  private static final class Parser {
    private final byte[] data;
    private final int[][] quantization = new int[4][];
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private Component[] frame;
    private final int[] quantizationIndex = new int[4];
    private int width;
    private int height;
    private int restartInterval;
    private boolean jfif;
    private int adobeTransform = -1;

    /** The ICC_PROFILE chunks by sequence number (1-based), as APP2 segments bring them. */
    private byte[][] iccChunks;

    /** Whether an ICC_PROFILE segment did not fit with the others. */
    private boolean iccDamaged;

    Parser(byte[] data) {
      this.data = data;
    }

    JpegFrame parse() {
      int pos = 2;
      while (true) {
        while (pos < data.length && data[pos] != (byte) 0xFF) {
          pos++;
        }
        while (pos < data.length && data[pos] == (byte) 0xFF) {
          pos++;
        }
        if (pos + 3 > data.length) {
          return null;
        }
        int marker = data[pos] & 0xFF;
        int start = pos + 3;
        int end = pos + 1 + u16(pos + 1);
        if (end < start || end > data.length) {
          return null;
        }
        boolean understood =
            switch (marker) {
              case 0xC0, 0xC1 -> frame == null && frame(start, end);
              case 0xC4 -> huffmanTables(start, end);
              case 0xDB -> quantizationTables(start, end);
              case 0xDD -> restartInterval(start, end);
              case 0xE0 -> {
                jfif |= startsWith(start, end, "JFIF\0");
                yield true;
              }
              case 0xE2 -> {
                if (startsWith(start, end, "ICC_PROFILE\0")) {
                  iccChunk(start + 12, end);
                }
                yield true;
              }
              case 0xEE -> adobe(start, end);
              case 0xDA -> true;
              default -> marker >= 0xE0 && marker <= 0xEF || marker == 0xFE; // APPn, COM
            };
        if (!understood) {
          return null;
        }
        if (marker == 0xDA) {
          return scan(start, end);
        }
        pos = end;
      }
    }

    private boolean frame(int start, int end) {
      if (end - start < 6) {
        return false;
      }
      int count = data[start + 5] & 0xFF;
      if (data[start] != 8 || (count != 1 && count != 3) || end - start != 6 + 3 * count) {
        return false;
      }
      height = u16(start + 1);
      width = u16(start + 3);
      frame = new Component[count];
      for (int i = 0; i < count; i++) {
        int at = start + 6 + 3 * i;
        int h = (data[at + 1] & 0xFF) >> 4;
        int v = data[at + 1] & 15;
        int table = data[at + 2] & 0xFF;
        if (h < 1 || h > 4 || v < 1 || v > 4 || table > 3) {
          return false;
        }
        // A single component is one block per MCU whatever its factors (T.81 A.2.2).
        int id = data[at] & 0xFF;
        frame[i] = count == 1 ? new Component(i, id, 1, 1) : new Component(i, id, h, v);
        quantizationIndex[i] = table; // its DQT may come later: resolved at the scan
      }
      return width > 0 && height > 0;
    }

    private boolean quantizationTables(int start, int end) {
      int pos = start;
      while (pos < end) {
        int precision = (data[pos] & 0xFF) >> 4;
        int id = data[pos] & 15;
        if (precision > 1 || id > 3 || pos + 1 + (precision + 1) * 64 > end) {
          return false;
        }
        pos++;
        int[] table = new int[64];
        for (int k = 0; k < 64; k++) {
          table[k] = precision == 0 ? data[pos + k] & 0xFF : u16(pos + 2 * k);
          if (table[k] == 0) {
            return false;
          }
        }
        pos += precision == 0 ? 64 : 128;
        quantization[id] = table;
      }
      return pos == end;
    }

    private boolean huffmanTables(int start, int end) {
      int pos = start;
      while (pos < end) {
        int tableClass = (data[pos] & 0xFF) >> 4;
        int id = data[pos] & 15;
        if (tableClass > 1 || id > 3 || pos + 17 > end) {
          return false;
        }
        int[] counts = new int[16];
        int total = 0;
        for (int i = 0; i < 16; i++) {
          counts[i] = data[pos + 1 + i] & 0xFF;
          total += counts[i];
        }
        if (total > 256 || pos + 17 + total > end) {
          return false;
        }
        int[] symbols = new int[total];
        for (int i = 0; i < total; i++) {
          symbols[i] = data[pos + 17 + i] & 0xFF;
          if (tableClass == 0 && symbols[i] > 15) {
            return false; // a DC difference has at most 15 bits
          }
        }
        HuffmanTable table = HuffmanTable.build(counts, symbols, tableClass == 1);
        if (table == null) {
          return false;
        }
        (tableClass == 0 ? dcTables : acTables)[id] = table;
        pos += 17 + total;
      }
      return pos == end;
    }

    /**
     * One chunk of the profile (ICC.1 B.4): its sequence number, the chunk count, its bytes. A
     * chunk that disagrees on the count, repeats a number or is out of range damages the profile.
     */
    private void iccChunk(int start, int end) {
      if (end - start < 2) {
        iccDamaged = true;
        return;
      }
      int sequence = data[start] & 0xFF;
      int count = data[start + 1] & 0xFF;
      if (iccChunks == null && count > 0) {
        iccChunks = new byte[count][];
      }
      if (iccChunks == null
          || count != iccChunks.length
          || sequence < 1
          || sequence > count
          || iccChunks[sequence - 1] != null) {
        iccDamaged = true;
        return;
      }
      iccChunks[sequence - 1] = Arrays.copyOfRange(data, start + 2, end);
    }

    /** The profile's chunks joined; null if there is none; an empty array if it is damaged. */
    private byte[] iccProfile() {
      if (iccChunks == null && !iccDamaged) {
        return null;
      }
      if (iccDamaged || Arrays.stream(iccChunks).anyMatch(chunk -> chunk == null)) {
        return new byte[0];
      }
      int length = Arrays.stream(iccChunks).mapToInt(chunk -> chunk.length).sum();
      byte[] profile = new byte[length];
      int at = 0;
      for (byte[] chunk : iccChunks) {
        System.arraycopy(chunk, 0, profile, at, chunk.length);
        at += chunk.length;
      }
      return profile;
    }

    private boolean restartInterval(int start, int end) {
      if (end - start != 2) {
        return false;
      }
      restartInterval = u16(start);
      return true;
    }

    private boolean adobe(int start, int end) {
      if (startsWith(start, end, "Adobe") && end - start >= 12) {
        adobeTransform = data[start + 11] & 0xFF;
      }
      return true;
    }

    /** The scan header, and whether the frame as a whole is one this decoder takes. */
    private JpegFrame scan(int start, int end) {
      byte[] profile = iccProfile();
      if (frame == null || !colourIsYCbCrOrGrey(profile)) {
        return null;
      }
      if (end - start < 1) {
        return null;
      }
      int count = data[start] & 0xFF;
      if (count != frame.length || end - start != 4 + 2 * count) {
        return null;
      }
      int at = start + 1 + 2 * count;
      if (data[at] != 0 || data[at + 1] != 63 || data[at + 2] != 0) {
        return null; // spectral selection or successive approximation: not sequential
      }
      Component[] ordered = new Component[count];
      for (int i = 0; i < count; i++) {
        int id = data[start + 1 + 2 * i] & 0xFF;
        int tables = data[start + 2 + 2 * i] & 0xFF;
        int index = indexOf(id);
        if (index < 0 || (tables >> 4) > 3 || (tables & 15) > 3) {
          return null;
        }
        Component c = frame[index];
        c.quantization = quantization[quantizationIndex[index]];
        c.dc = dcTables[tables >> 4];
        c.ac = acTables[tables & 15];
        if (c.quantization == null || c.dc == null || c.ac == null) {
          return null;
        }
        ordered[i] = c;
      }
      if (Arrays.stream(ordered).distinct().count() != count || !samplingSupported()) {
        return null;
      }
      return new JpegFrame(width, height, ordered, restartInterval, end, profile);
    }

    /**
     * Colour as libjpeg and TwelveMonkeys would read it: YCbCr or grey, with at most a whole
     * profile on YCbCr to convert from afterwards. ImageIO converts grey from a profile too, and
     * does what it does with a damaged one: leave both to it.
     */
    private boolean colourIsYCbCrOrGrey(byte[] profile) {
      if (profile != null && (profile.length == 0 || frame.length == 1)) {
        return false;
      }
      if (frame.length == 1) {
        return true;
      }
      if (frame[0].id == 'R' && frame[1].id == 'G' && frame[2].id == 'B') {
        return false; // RGB by its component names, which some readers honour over JFIF
      }
      if (adobeTransform >= 0) {
        return adobeTransform == 1;
      }
      return jfif || frame[0].id == 1 && frame[1].id == 2 && frame[2].id == 3;
    }

    /** Ratios of 1, 2 or 4 to the largest factor on each axis, and at most 10 blocks an MCU. */
    private boolean samplingSupported() {
      if (frame.length == 1) {
        return true; // a single component's scan is one block per MCU, whatever its factors
      }
      int maxH = Arrays.stream(frame).mapToInt(c -> c.h).max().orElse(1);
      int maxV = Arrays.stream(frame).mapToInt(c -> c.v).max().orElse(1);
      int blocks = 0;
      for (Component c : frame) {
        if (!isRatio(maxH, c.h) || !isRatio(maxV, c.v)) {
          return false;
        }
        blocks += c.h * c.v;
      }
      return blocks <= 10;
    }

    private static boolean isRatio(int max, int factor) {
      int ratio = max / factor;
      return max % factor == 0 && (ratio == 1 || ratio == 2 || ratio == 4);
    }

    private int indexOf(int id) {
      for (int i = 0; i < frame.length; i++) {
        if (frame[i].id == id) {
          return i;
        }
      }
      return -1;
    }

    private boolean startsWith(int start, int end, String prefix) {
      byte[] bytes = prefix.getBytes(StandardCharsets.US_ASCII);
      return end - start >= bytes.length
          && Arrays.equals(data, start, start + bytes.length, bytes, 0, bytes.length);
    }

    private int u16(int at) {
      return (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
    }
  }
}
