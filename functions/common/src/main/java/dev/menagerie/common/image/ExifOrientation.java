package dev.menagerie.common.image;

/**
 * The EXIF orientation: reading tag 0x0112 from a TIFF structure (the payload of a JPEG APP1 Exif
 * segment or a PNG eXIf chunk), and turning a stored image upright accordingly.
 *
 * <p>EXIF written by phones and editors is often damaged; any problem (bad byte order, offsets
 * outside the data, a missing or out-of-range value) means "no orientation", never an exception.
 */
final class ExifOrientation {
  static final int UPRIGHT = 1;

  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TYPE_BYTE = 1;
  private static final int TYPE_SHORT = 3;
  private static final int TYPE_LONG = 4;
  private static final int IFD_ENTRY_SIZE = 12;

  private ExifOrientation() {}

  /** The orientation in the TIFF structure at {@code data[start..end)}, or 1. */
  static int read(byte[] data, int start, int end) {
    end = Math.min(end, data.length);
    if (start < 0 || end - start < 8) {
      return UPRIGHT;
    }
    boolean littleEndian;
    if (data[start] == 'I' && data[start + 1] == 'I') {
      littleEndian = true;
    } else if (data[start] == 'M' && data[start + 1] == 'M') {
      littleEndian = false;
    } else {
      return UPRIGHT;
    }
    if (u16(data, start + 2, littleEndian) != 42) {
      return UPRIGHT;
    }
    long ifd = start + u32(data, start + 4, littleEndian);
    if (ifd < start + 8 || ifd + 2 > end) {
      return UPRIGHT;
    }
    int entries = u16(data, (int) ifd, littleEndian);
    for (int i = 0; i < entries; i++) {
      long entry = ifd + 2 + (long) i * IFD_ENTRY_SIZE;
      if (entry + IFD_ENTRY_SIZE > end) {
        return UPRIGHT;
      }
      int at = (int) entry;
      if (u16(data, at, littleEndian) == TAG_ORIENTATION) {
        long value =
            switch (u16(data, at + 2, littleEndian)) {
              case TYPE_SHORT -> u16(data, at + 8, littleEndian);
              case TYPE_LONG -> u32(data, at + 8, littleEndian);
              case TYPE_BYTE -> data[at + 8] & 0xFF;
              default -> UPRIGHT;
            };
        return value >= 1 && value <= 8 ? (int) value : UPRIGHT;
      }
    }
    return UPRIGHT;
  }

  /**
   * {@code stored} as it should be displayed. The orientation names where the stored first row and
   * first column belong: 2 mirrored, 3 turned half round, 4 flipped, 5 transposed, 6 to be turned
   * clockwise, 7 transversed, 8 to be turned anticlockwise.
   */
  static RgbImage upright(RgbImage stored, int orientation) {
    if (orientation == UPRIGHT) {
      return stored;
    }
    int w = stored.width();
    int h = stored.height();
    int last = (h - 1) * w;
    // Output pixel (x, y) comes from stored pixel index base + x * stepX + y * stepY.
    int base;
    int stepX;
    int stepY;
    switch (orientation) {
      case 2 -> {
        base = w - 1;
        stepX = -1;
        stepY = w;
      }
      case 3 -> {
        base = last + w - 1;
        stepX = -1;
        stepY = -w;
      }
      case 4 -> {
        base = last;
        stepX = 1;
        stepY = -w;
      }
      case 5 -> {
        base = 0;
        stepX = w;
        stepY = 1;
      }
      case 6 -> {
        base = last;
        stepX = -w;
        stepY = 1;
      }
      case 7 -> {
        base = last + w - 1;
        stepX = -w;
        stepY = -1;
      }
      case 8 -> {
        base = w - 1;
        stepX = w;
        stepY = -1;
      }
      default -> throw new IllegalArgumentException("orientation must be 1..8, was " + orientation);
    }
    boolean transposed = orientation >= 5;
    int outWidth = transposed ? h : w;
    int outHeight = transposed ? w : h;
    byte[] in = stored.interleaved();
    byte[] out = new byte[in.length];
    int o = 0;
    for (int y = 0; y < outHeight; y++) {
      int s = base + y * stepY;
      for (int x = 0; x < outWidth; x++, s += stepX, o += 3) {
        int i = 3 * s;
        out[o] = in[i];
        out[o + 1] = in[i + 1];
        out[o + 2] = in[i + 2];
      }
    }
    return new RgbImage(outWidth, outHeight, out);
  }

  private static int u16(byte[] data, int at, boolean littleEndian) {
    int a = data[at] & 0xFF;
    int b = data[at + 1] & 0xFF;
    return littleEndian ? b << 8 | a : a << 8 | b;
  }

  private static long u32(byte[] data, int at, boolean littleEndian) {
    long value = 0;
    for (int i = 0; i < 4; i++) {
      int shift = littleEndian ? 8 * i : 8 * (3 - i);
      value |= (long) (data[at + i] & 0xFF) << shift;
    }
    return value;
  }
}
