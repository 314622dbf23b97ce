package dev.menagerie.common.image;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG's chunks checked as libpng checks them by default, before ImageIO's decoder (which checks
 * neither CRCs nor the zlib checksum) reads them. Every critical chunk (IHDR, PLTE, IDAT, IEND)
 * must match its CRC, and the zlib stream the IDAT chunks hold must inflate to its end and match
 * its Adler-32; a mismatch is {@code CORRUPT_IMAGE}. An ancillary chunk that fails its CRC is
 * dropped, as libpng drops it, and the image decodes without it.
 *
 * <p>The stream is inflated into a small scratch buffer and counted, never kept, and no further
 * than the image's rows need: more data than that is refused, so the check costs at most one
 * inflate of the declared pixels (which the pixel limit bounds). A file that ends after a whole
 * chunk without IEND is accepted, as before; one that ends inside a critical chunk is not.
 */
final class PngChunks {
  private static final int SIGNATURE = 8;

  /** Length, type and CRC around each chunk's data. */
  private static final int OVERHEAD = 12;

  private static final int SCRATCH = 64 * 1024;

  /** Adam7 passes: x offset, y offset, x step, y step. */
  private static final int[][] ADAM7 = {
    {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}
  };

  private PngChunks() {}

  /**
   * The bytes to decode: {@code png} itself, or a copy without its damaged ancillary chunks.
   *
   * @throws MenagerieException {@code CORRUPT_IMAGE} when a critical chunk fails its CRC, is cut
   *     short or has an invalid type, or the image data does not inflate to exactly its rows with a
   *     matching Adler-32
   */
  static byte[] verified(byte[] png) {
    List<int[]> imageData = new ArrayList<>(); // offset and length of each IDAT's data
    List<int[]> damaged = new ArrayList<>(); // offset and length of each damaged ancillary chunk
    int pos = SIGNATURE;
    while (pos < png.length) {
      if (png.length - pos < 8) {
        break; // a few stray bytes where a chunk would start: as if IEND were missing
      }
      long length = u32(png, pos);
      String type = typeOf(png, pos + 4);
      boolean critical = Character.isUpperCase(type.charAt(0));
      if (length > Integer.MAX_VALUE) {
        throw corrupt("its " + type + " chunk declares " + length + " bytes");
      }
      if (pos + OVERHEAD + length > png.length) {
        if (critical) {
          throw corrupt("the data ends inside its " + type + " chunk");
        }
        break;
      }
      if (!crcMatches(png, pos, (int) length)) {
        if (critical) {
          throw corrupt("its " + type + " chunk at byte " + pos + " fails its CRC check");
        }
        damaged.add(new int[] {pos, OVERHEAD + (int) length});
      } else if (type.equals("IDAT")) {
        imageData.add(new int[] {pos + 8, (int) length});
      } else if (type.equals("IEND")) {
        break;
      }
      pos += OVERHEAD + (int) length;
    }
    if (imageData.isEmpty()) {
      throw corrupt("it has no image data (IDAT chunk)");
    }
    checkImageData(png, imageData, rowBytes(png));
    return damaged.isEmpty() ? png : without(png, damaged);
  }

  /**
   * True when the CRC stored after the chunk at {@code at} (whose data has {@code length} bytes)
   * matches its type and data; the caller has checked that the chunk lies within {@code png}.
   */
  static boolean crcMatches(byte[] png, int at, int length) {
    CRC32 crc = new CRC32();
    crc.update(png, at + 4, 4 + length);
    return crc.getValue() == u32(png, at + 8 + length);
  }

  /** Inflates the IDAT chunks' zlib stream, counting what comes out, to its Adler-32. */
  private static void checkImageData(byte[] png, List<int[]> imageData, long expected) {
    Inflater inflater = new Inflater();
    byte[] scratch = new byte[SCRATCH];
    long inflated = 0;
    try {
      for (int[] chunk : imageData) {
        inflater.setInput(png, chunk[0], chunk[1]);
        while (!inflater.finished() && !inflater.needsInput()) {
          int n = inflater.inflate(scratch);
          inflated += n;
          if (inflated > expected) {
            throw corrupt(
                "its image data holds more than the " + expected + " bytes its rows need");
          }
          if (n == 0 && inflater.needsDictionary()) {
            throw corrupt("its image data asks for a preset zlib dictionary");
          }
        }
        if (inflater.finished()) {
          break; // libpng ignores data after the end of the stream; so does the decoder
        }
      }
    } catch (DataFormatException e) {
      throw corrupt("its image data is damaged (zlib: " + e.getMessage() + ")");
    } finally {
      inflater.end();
    }
    if (!inflater.finished()) {
      throw corrupt("its image data ends before its zlib stream does");
    }
    if (inflated < expected) {
      throw corrupt("its image data holds " + inflated + " bytes, its rows need " + expected);
    }
  }

  /** The filtered bytes IHDR's rows need: a filter byte per row, of each Adam7 pass if any. */
  private static long rowBytes(byte[] png) {
    long width = u32(png, 16);
    long height = u32(png, 20);
    int bitsPerPixel = ImageHeaders.pngBitsPerPixel(png[24] & 0xFF, png[25] & 0xFF);
    if (png[28] == 0) {
      return height * (1 + (width * bitsPerPixel + 7) / 8);
    }
    long total = 0;
    for (int[] pass : ADAM7) {
      long passWidth = (width - pass[0] + pass[2] - 1) / pass[2];
      long passHeight = (height - pass[1] + pass[3] - 1) / pass[3];
      if (passWidth > 0 && passHeight > 0) {
        total += passHeight * (1 + (passWidth * bitsPerPixel + 7) / 8);
      }
    }
    return total;
  }

  private static byte[] without(byte[] png, List<int[]> chunks) {
    int removed = chunks.stream().mapToInt(c -> c[1]).sum();
    byte[] out = new byte[png.length - removed];
    int from = 0;
    int to = 0;
    for (int[] chunk : chunks) {
      System.arraycopy(png, from, out, to, chunk[0] - from);
      to += chunk[0] - from;
      from = chunk[0] + chunk[1];
    }
    System.arraycopy(png, from, out, to, png.length - from);
    return out;
  }

  /** The chunk type at {@code at}; one that is not four ASCII letters is corrupt, as for libpng. */
  private static String typeOf(byte[] png, int at) {
    char[] type = new char[4];
    for (int i = 0; i < 4; i++) {
      int c = png[at + i] & 0xFF;
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        throw corrupt("the chunk at byte " + (at - 4) + " has an invalid type");
      }
      type[i] = (char) c;
    }
    return new String(type);
  }

  private static long u32(byte[] data, int at) {
    return (data[at] & 0xFFL) << 24
        | (data[at + 1] & 0xFF) << 16
        | (data[at + 2] & 0xFF) << 8
        | (data[at + 3] & 0xFF);
  }

  private static MenagerieException corrupt(String why) {
    return new MenagerieException(ErrorCode.CORRUPT_IMAGE, "PNG image is damaged: " + why);
  }
}
