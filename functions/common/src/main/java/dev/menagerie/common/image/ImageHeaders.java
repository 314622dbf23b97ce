package dev.menagerie.common.image;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;

/**
 * Reads dimensions and orientation from the headers of each decodable format, touching no pixel
 * data, so that limits can be enforced before a decoder allocates anything.
 */
final class ImageHeaders {
  /**
   * Real progressive JPEGs have about ten scans; a crafted one with thousands makes the decoder
   * walk the whole coefficient buffer once per scan, a CPU bomb in a small file.
   */
  static final int MAX_JPEG_SCANS = 100;

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int APP1 = 0xE1;
  private static final int TEM = 0x01;
  private static final int RST0 = 0xD0;
  private static final int RST7 = 0xD7;

  private static final int PNG_SIGNATURE_LENGTH = 8;
  private static final int PNG_IHDR_END = 33;

  /**
   * Deflate cannot compress better than 1032:1 (a 258-byte match in two one-bit codes), so a PNG
   * holding its declared rows needs at least their size over this.
   */
  private static final long DEFLATE_MAX_RATIO = 1032;

  /**
   * Every 8x8 block of a JPEG costs at least one bit (its DC code, even in a progressive file):
   * pixels / 512 bytes. Half that, as margin, still refuses a 65000 x 65000 header in a 4 MB file.
   */
  private static final long JPEG_PIXELS_PER_BYTE_AT_MOST = 1024;

  private ImageHeaders() {}

  /**
   * What the headers say, and the fewest bytes a file needs to hold the pixels they declare (0 when
   * the format allows any ratio). A file smaller than that is truncated or crafted, and refusing it
   * spares the decoder allocating a buffer for pixels that are not there.
   */
  record Header(ImageInfo info, long minimumBytes) {}

  static Header read(ImageFormat format, byte[] data) {
    return switch (format) {
      case JPEG -> jpeg(data);
      case PNG -> png(data);
      case GIF -> gif(data);
      case BMP -> bmp(data);
      case WEBP, TIFF, HEIF -> throw unsupported(format);
    };
  }

  static MenagerieException unsupported(ImageFormat format) {
    return new MenagerieException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        format + " images are not supported; send JPEG, PNG, GIF or BMP");
  }

  // JPEG (ITU T.81 B.1): SOI, then marker segments with a two-byte length, up to the first SOS.

  private static Header jpeg(byte[] data) {
    int orientation = ExifOrientation.UPRIGHT;
    boolean exifSeen = false;
    int width = 0;
    int height = 0;
    int pos = 2;
    while (true) {
      pos = nextMarker(data, pos);
      if (pos >= data.length) {
        throw corrupt(ImageFormat.JPEG, "the data ends inside its headers");
      }
      int marker = data[pos++] & 0xFF;
      if (isStandalone(marker)) {
        continue;
      }
      if (marker == EOI || marker == SOS && width == 0) {
        throw corrupt(ImageFormat.JPEG, "there is no frame header before the image data");
      }
      if (marker == SOS) {
        return new Header(
            new ImageInfo(ImageFormat.JPEG, width, height, orientation),
            (long) width * height / JPEG_PIXELS_PER_BYTE_AT_MOST);
      }
      if (pos + 2 > data.length) {
        throw corrupt(ImageFormat.JPEG, "the data ends inside its headers");
      }
      int start = pos + 2;
      int end = pos + u16be(data, pos);
      if (end < start || end > data.length) {
        throw corrupt(ImageFormat.JPEG, "a header segment is cut short or has a bad length");
      }
      if (isStartOfFrame(marker) && width == 0) {
        checkFrame(data, marker, start, end);
        height = u16be(data, start + 1);
        width = u16be(data, start + 3);
        if (width == 0 || height == 0) {
          throw corrupt(ImageFormat.JPEG, "the frame header declares " + width + "x" + height);
        }
      } else if (marker == APP1 && !exifSeen && isExif(data, start, end)) {
        exifSeen = true;
        orientation = ExifOrientation.read(data, start + 6, end);
      }
      pos = end;
    }
  }

  /**
   * Counts the scans (SOS markers) of a JPEG: in entropy-coded data 0xFF is always followed by 0x00
   * or a restart marker, so any other marker found there is real and its segment can be skipped.
   */
  static int jpegScanCount(byte[] data) {
    return jpegScanCount(data, 2);
  }

  /** The scans that start at or after {@code from}, which may be inside entropy-coded data. */
  static int jpegScanCount(byte[] data, int from) {
    int scans = 0;
    int pos = from;
    while (pos + 1 < data.length) {
      if (data[pos] != (byte) 0xFF) {
        pos++;
        continue;
      }
      int marker = data[pos + 1] & 0xFF;
      if (marker == 0x00 || marker == 0xFF || isStandalone(marker)) {
        pos += marker == 0xFF ? 1 : 2;
        continue;
      }
      if (marker == EOI) {
        break;
      }
      if (marker == SOS) {
        scans++;
      }
      if (pos + 4 > data.length) {
        break;
      }
      pos += 2 + u16be(data, pos + 2);
    }
    return scans;
  }

  /** libjpeg skips stray bytes between segments and any run of 0xFF fill bytes; so do we. */
  private static int nextMarker(byte[] data, int pos) {
    while (pos < data.length && data[pos] != (byte) 0xFF) {
      pos++;
    }
    while (pos < data.length && data[pos] == (byte) 0xFF) {
      pos++;
    }
    return pos;
  }

  private static boolean isStandalone(int marker) {
    return marker == SOI || marker == TEM || marker >= RST0 && marker <= RST7;
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /**
   * Baseline, extended and progressive Huffman JPEG (SOF0-2) with 8-bit samples, and lossless
   * (SOF3), are what the decoders handle; arithmetic coding and hierarchical mode are refused.
   */
  private static void checkFrame(byte[] data, int marker, int start, int end) {
    if (end - start < 6) {
      throw corrupt(ImageFormat.JPEG, "its frame header is too short");
    }
    int precision = data[start] & 0xFF;
    int components = data[start + 5] & 0xFF;
    if (marker > 0xC3) {
      throw new MenagerieException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "arithmetic-coded or hierarchical JPEG (SOF"
              + (marker - 0xC0)
              + ") is not supported; expected baseline, progressive or lossless");
    }
    if (precision != 8 && marker != 0xC3) {
      throw new MenagerieException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          precision + "-bit JPEG is not supported; expected 8-bit samples");
    }
    if (components == 0 || components > 4) {
      throw corrupt(ImageFormat.JPEG, "its frame header declares " + components + " components");
    }
  }

  private static boolean isExif(byte[] data, int start, int end) {
    return end - start >= 6
        && data[start] == 'E'
        && data[start + 1] == 'x'
        && data[start + 2] == 'i'
        && data[start + 3] == 'f'
        && data[start + 4] == 0;
  }

  // PNG (ISO/IEC 15948): signature, IHDR first, then chunks; eXIf may carry an orientation.

  private static Header png(byte[] data) {
    if (data.length < PNG_IHDR_END) {
      throw corrupt(ImageFormat.PNG, "the data ends inside its header");
    }
    if (u32be(data, PNG_SIGNATURE_LENGTH) != 13 || !isChunk(data, 12, "IHDR")) {
      throw corrupt(ImageFormat.PNG, "it does not start with an IHDR chunk");
    }
    if (!PngChunks.crcMatches(data, PNG_SIGNATURE_LENGTH, 13)) {
      throw corrupt(ImageFormat.PNG, "its IHDR chunk fails its CRC check");
    }
    long width = u32be(data, 16);
    long height = u32be(data, 20);
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw corrupt(ImageFormat.PNG, "its header declares " + width + "x" + height);
    }
    int bitsPerPixel = pngBitsPerPixel(data[24] & 0xFF, data[25] & 0xFF);
    long rowBytes = 1 + (width * bitsPerPixel + 7) / 8; // filter type byte, then the samples
    return new Header(
        new ImageInfo(ImageFormat.PNG, (int) width, (int) height, pngOrientation(data)),
        height * rowBytes / DEFLATE_MAX_RATIO);
  }

  /**
   * Bits per pixel from IHDR's bit depth and colour type; 1 for nonsense the decoder will reject.
   */
  static int pngBitsPerPixel(int bitDepth, int colourType) {
    int samples =
        switch (colourType) {
          case 0, 3 -> 1; // grey, palette
          case 2 -> 3; // RGB
          case 4 -> 2; // grey + alpha
          case 6 -> 4; // RGBA
          default -> 1;
        };
    return samples * Math.max(1, Math.min(bitDepth, 16));
  }

  /**
   * Walks the chunks by their lengths (skipping image data unread) looking for eXIf; one that fails
   * its CRC is ignored, as libpng ignores a damaged ancillary chunk.
   */
  private static int pngOrientation(byte[] data) {
    long pos = PNG_IHDR_END;
    while (pos + 8 <= data.length) {
      int at = (int) pos;
      long length = u32be(data, at);
      long start = pos + 8;
      if (isChunk(data, at + 4, "eXIf")
          && start + length + 4 <= data.length
          && PngChunks.crcMatches(data, at, (int) length)) {
        return ExifOrientation.read(data, (int) start, (int) (start + length));
      }
      if (isChunk(data, at + 4, "IEND")) {
        break;
      }
      pos = start + length + 4;
    }
    return ExifOrientation.UPRIGHT;
  }

  private static boolean isChunk(byte[] data, int at, String type) {
    for (int i = 0; i < 4; i++) {
      if (data[at + i] != type.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  // GIF (89a): the decoded first frame has the size of its image descriptor, not the screen.

  private static Header gif(byte[] data) {
    if (data.length < 13) {
      throw corrupt(ImageFormat.GIF, "the data ends inside its header");
    }
    int flags = data[10] & 0xFF;
    long pos = 13;
    if ((flags & 0x80) != 0) {
      pos += 3L << ((flags & 0x07) + 1);
    }
    while (pos < data.length) {
      int block = data[(int) pos] & 0xFF;
      if (block == 0x2C) {
        if (pos + 10 > data.length) {
          break;
        }
        int width = u16le(data, (int) pos + 5);
        int height = u16le(data, (int) pos + 7);
        if (width == 0 || height == 0) {
          throw corrupt(ImageFormat.GIF, "its first frame is " + width + "x" + height);
        }
        return new Header(
            new ImageInfo(ImageFormat.GIF, width, height, ExifOrientation.UPRIGHT), 0);
      } else if (block == 0x21) {
        pos += 2;
        while (pos < data.length) {
          int size = data[(int) pos] & 0xFF;
          pos += 1 + size;
          if (size == 0) {
            break;
          }
        }
      } else {
        throw corrupt(
            ImageFormat.GIF, "no image is found before block 0x" + Integer.toHexString(block));
      }
    }
    throw corrupt(ImageFormat.GIF, "the data ends before its first image");
  }

  // BMP: file header (14 bytes), then an info header whose size tells its version.

  private static Header bmp(byte[] data) {
    long infoSize = u32le(data, 14);
    long width;
    long height;
    if (infoSize == 12) {
      if (data.length < 26) {
        throw corrupt(ImageFormat.BMP, "the data ends inside its header");
      }
      width = u16le(data, 18);
      height = u16le(data, 20);
    } else {
      if (data.length < 26) {
        throw corrupt(ImageFormat.BMP, "the data ends inside its header");
      }
      width = (int) u32le(data, 18);
      height = Math.abs((long) (int) u32le(data, 22)); // negative: stored top-down
    }
    if (width <= 0 || height <= 0 || height > Integer.MAX_VALUE) {
      throw corrupt(ImageFormat.BMP, "its header declares " + width + "x" + height);
    }
    // Run-length encoded BMPs may end early and leave the rest undefined: no minimum size.
    return new Header(
        new ImageInfo(ImageFormat.BMP, (int) width, (int) height, ExifOrientation.UPRIGHT), 0);
  }

  private static MenagerieException corrupt(ImageFormat format, String why) {
    return new MenagerieException(ErrorCode.CORRUPT_IMAGE, format + " image is damaged: " + why);
  }

  private static int u16be(byte[] data, int at) {
    return (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
  }

  private static long u32be(byte[] data, int at) {
    return (long) u16be(data, at) << 16 | u16be(data, at + 2);
  }

  private static int u16le(byte[] data, int at) {
    return (data[at + 1] & 0xFF) << 8 | (data[at] & 0xFF);
  }

  private static long u32le(byte[] data, int at) {
    return (long) u16le(data, at + 2) << 16 | u16le(data, at);
  }
}
