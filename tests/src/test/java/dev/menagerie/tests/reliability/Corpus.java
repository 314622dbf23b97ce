package dev.menagerie.tests.reliability;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The bad-input corpus's files, generated in code with fixed seeds: unusual but valid images (every
 * EXIF orientation, CMYK, grey, palette, alpha, interlaced, 16-bit), damaged ones, bombs and things
 * that are not images at all.
 */
final class Corpus {
  static final Color RED = new Color(230, 30, 20);

  private Corpus() {}

  static BufferedImage red(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(RED);
    g.fillRect(0, 0, width, height);
    g.setColor(RED.darker());
    g.fillRect(width / 4, height / 4, width / 8, height / 8);
    g.dispose();
    return image;
  }

  static byte[] jpeg(RenderedImage image, boolean progressive) {
    return write(
        "jpeg",
        image,
        param -> {
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(0.9f);
          if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
          }
        });
  }

  static byte[] png(RenderedImage image, boolean interlaced) {
    return write(
        "png",
        image,
        param -> {
          if (interlaced) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
          }
        });
  }

  static byte[] encode(RenderedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for " + image);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Random pixels: a PNG of it is nearly all image data, so a cut lands inside IDAT. */
  static BufferedImage noise(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return image;
  }

  static BufferedImage grey(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** 16 bits per sample: grey (USHORT_GRAY) or RGB (a 3 x 16-bit raster). */
  static BufferedImage sixteenBit(int width, int height, boolean colour) {
    if (!colour) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
      WritableRaster raster = image.getRaster();
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          raster.setSample(x, y, 0, 40_000);
        }
      }
      return image;
    }
    ImageTypeSpecifier type =
        ImageTypeSpecifier.createInterleaved(
            java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
            new int[] {0, 1, 2},
            DataBuffer.TYPE_USHORT,
            false,
            false);
    BufferedImage image = type.createBufferedImage(width, height);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {59_000, 7_700, 5_100});
      }
    }
    return image;
  }

  /** A 4-colour palette image. */
  static BufferedImage palette(int width, int height) {
    byte[] r = {(byte) 230, 0, 0, (byte) 255};
    byte[] g = {30, (byte) 200, 0, (byte) 255};
    byte[] b = {20, 0, (byte) 200, (byte) 255};
    BufferedImage image =
        new BufferedImage(
            width, height, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4, r, g, b));
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, x < width * 3 / 4 ? 0 : 3);
      }
    }
    return image;
  }

  /** Red, half of it fully transparent. */
  static BufferedImage alpha(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (y < height / 2 ? 0xFF000000 : 0) | RED.getRGB() & 0xFFFFFF);
      }
    }
    return image;
  }

  /** A CMYK JPEG as Photoshop writes it: Adobe APP14 transform 0, inverted inks; mostly red. */
  static byte[] adobeCmykJpeg(int width, int height, int transform) {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    // red = no cyan, full magenta and yellow, no black; inverted as Adobe stores CMYK
    int[] pixel = {255, 0, 0, 255};
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, pixel);
      }
    }
    byte[] plain = write("jpeg", raster, param -> {});
    ByteBuffer app14 = ByteBuffer.allocate(16);
    app14.putShort((short) 0xFFEE).putShort((short) 14);
    app14.put("Adobe".getBytes(StandardCharsets.US_ASCII));
    app14.putShort((short) 100).putShort((short) 0).putShort((short) 0).put((byte) transform);
    return insertAfterSoi(plain, app14.array());
  }

  /** The JPEG with an APP1 Exif segment whose IFD0 holds only the orientation tag. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation, ByteOrder order) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
    tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    tiff.putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation);
    tiff.putShort((short) 0);
    tiff.putInt(0);
    byte[] t = tiff.array();
    ByteBuffer app1 = ByteBuffer.allocate(4 + 6 + t.length);
    app1.putShort((short) 0xFFE1).putShort((short) (2 + 6 + t.length));
    app1.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(t);
    return insertAfterSoi(jpeg, app1.array());
  }

  /** The JPEG with its SOF0/SOF2 frame header rewritten to declare another size. */
  static byte[] withDeclaredSize(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    int pos = 2;
    while (pos + 4 <= out.length) {
      int marker = out[pos + 1] & 0xFF;
      int length = (out[pos + 2] & 0xFF) << 8 | (out[pos + 3] & 0xFF);
      if (marker == 0xC0 || marker == 0xC2) {
        out[pos + 5] = (byte) (height >> 8);
        out[pos + 6] = (byte) height;
        out[pos + 7] = (byte) (width >> 8);
        out[pos + 8] = (byte) width;
        return out;
      }
      pos += 2 + length;
    }
    throw new IllegalArgumentException("no SOF0/SOF2 segment");
  }

  /** A PNG that is only a signature, an IHDR declaring the size, and IEND. */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put(new byte[3]);
    return ByteBuffer.allocate(8 + 25 + 12)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
        .put(pngChunk("IHDR", ihdr.array()))
        .put(pngChunk("IEND", new byte[0]))
        .array();
  }

  /**
   * A real decompression bomb: a valid RGB PNG of {@code side} x {@code side} black pixels whose
   * zlib stream is tiny (about 1 KB per MB of pixels).
   */
  static byte[] deflateBombPng(int side) {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    byte[] row = new byte[1 + side * 3]; // filter byte 0 + black pixels
    byte[] buffer = new byte[64 * 1024];
    for (int y = 0; y < side; y++) {
      deflater.setInput(row);
      while (!deflater.needsInput()) {
        int n = deflater.deflate(buffer);
        idat.write(buffer, 0, n);
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      int n = deflater.deflate(buffer);
      idat.write(buffer, 0, n);
    }
    deflater.end();
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(side).putInt(side).put((byte) 8).put((byte) 2).put(new byte[3]);
    byte[] data = idat.toByteArray();
    return ByteBuffer.allocate(8 + 25 + 12 + data.length + 12)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
        .put(pngChunk("IHDR", ihdr.array()))
        .put(pngChunk("IDAT", data))
        .put(pngChunk("IEND", new byte[0]))
        .array();
  }

  static byte[] pngChunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeBytes)
        .put(data)
        .putInt((int) crc.getValue())
        .array();
  }

  /**
   * A 4-colour palette PNG with one bit flipped in each of its critical chunks, in turn: in the
   * middle of the chunk's data (IEND has none: in its CRC). Each is a file a disk or a network
   * damaged; the fuzz seeds {@code png-bitflip-<chunk>} are these bytes.
   */
  static Map<String, byte[]> pngBitFlips() {
    byte[] png = png(palette(24, 16), false);
    Map<String, byte[]> flipped = new LinkedHashMap<>();
    for (String type : new String[] {"IHDR", "PLTE", "IDAT", "IEND"}) {
      int at = pngChunkAt(png, type);
      byte[] copy = png.clone();
      int length = ByteBuffer.wrap(png, at, 4).getInt();
      copy[at + 8 + length / 2] ^= 0x04;
      flipped.put(type, copy);
    }
    return flipped;
  }

  /** The PNG with one ancillary tEXt chunk after IHDR whose CRC is wrong: skipped, not fatal. */
  static byte[] pngWithDamagedTextChunk(byte[] png) {
    byte[] chunk = pngChunk("tEXt", utf8("Comment\0damaged"));
    chunk[chunk.length - 1] ^= 0x01;
    byte[] out = new byte[png.length + chunk.length];
    System.arraycopy(png, 0, out, 0, 33);
    System.arraycopy(chunk, 0, out, 33, chunk.length);
    System.arraycopy(png, 33, out, 33 + chunk.length, png.length - 33);
    return out;
  }

  /** The PNG with its zlib stream's Adler-32 wrong and its IDAT CRC recomputed to match. */
  static byte[] pngWithWrongAdler32(byte[] png) {
    int at = pngChunkAt(png, "IDAT");
    int length = ByteBuffer.wrap(png, at, 4).getInt();
    byte[] out = png.clone();
    out[at + 8 + length - 1] ^= 0x01;
    CRC32 crc = new CRC32();
    crc.update(out, at + 4, 4 + length);
    ByteBuffer.wrap(out, at + 8 + length, 4).putInt((int) crc.getValue());
    return out;
  }

  /** The offset of the first chunk of {@code type} in a PNG (its length field). */
  static int pngChunkAt(byte[] png, String type) {
    int pos = 8;
    while (pos + 8 <= png.length) {
      if (new String(png, pos + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
        return pos;
      }
      pos += 12 + ByteBuffer.wrap(png, pos, 4).getInt();
    }
    throw new IllegalArgumentException("no " + type + " chunk");
  }

  static byte[] truncated(byte[] data, double fraction) {
    return Arrays.copyOf(data, (int) (data.length * fraction));
  }

  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  private static byte[] write(String format, Object image, Consumer<ImageWriteParam> configure) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      configure.accept(param);
      IIOImage iio =
          image instanceof Raster raster
              ? new IIOImage(raster, null, null)
              : new IIOImage((RenderedImage) image, null, null);
      writer.write(null, iio, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
