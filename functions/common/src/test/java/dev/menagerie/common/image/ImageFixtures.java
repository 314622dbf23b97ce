package dev.menagerie.common.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
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
import java.util.function.Consumer;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;

/** Encoded test images, generated in code: ImageIO writers plus hand-built headers and segments. */
final class ImageFixtures {
  static final int RED = 0xE02020;
  static final int GREEN = 0x20C040;
  static final int BLUE = 0x2040E0;
  static final int YELLOW = 0xF0E020;

  /** CMYK inks (0 = none, 255 = full) used by the CMYK fixtures, one 16-pixel-wide patch each. */
  static final int[][] INKS = {
    {0, 0, 0, 0}, // paper
    {255, 0, 0, 0}, // cyan
    {0, 255, 0, 0}, // magenta
    {0, 0, 255, 0}, // yellow
    {0, 0, 0, 255}, // black
    {255, 255, 0, 0}, // cyan + magenta = blue
  };

  static final int PATCH = 16;

  private ImageFixtures() {}

  /** An image split into four solid quadrants: top-left, top-right, bottom-left, bottom-right. */
  static BufferedImage quadrants(int width, int height, int tl, int tr, int bl, int br) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean left = x < width / 2;
        boolean top = y < height / 2;
        image.setRGB(x, y, top ? (left ? tl : tr) : (left ? bl : br));
      }
    }
    return image;
  }

  /** Something like a photograph: gradients, soft shapes and mid-frequency texture, no noise. */
  static BufferedImage photoLike(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double u = (double) x / width;
        double v = (double) y / height;
        int r = (int) (40 + 180 * u + 20 * Math.sin(x / 37.0));
        int g = (int) (60 + 150 * v + 20 * Math.cos(y / 23.0));
        int b = (int) (200 - 120 * u * v + 25 * Math.sin((x + y) / 51.0));
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    Graphics2D graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    graphics.setColor(new Color(250, 240, 60));
    graphics.fillOval(width / 5, height / 4, width / 3, height / 3);
    graphics.setColor(new Color(30, 30, 90));
    graphics.fillRect(width * 3 / 5, height / 2, width / 4, height / 3);
    graphics.dispose();
    return image;
  }

  static byte[] jpeg(RenderedImage image) {
    return jpeg(image, 0.95f, false);
  }

  static byte[] progressiveJpeg(RenderedImage image) {
    return jpeg(image, 0.95f, true);
  }

  static byte[] jpeg(RenderedImage image, float quality, boolean progressive) {
    return write("jpeg", new IIOImage(image, null, null), jpegParams(quality, progressive));
  }

  static byte[] png(RenderedImage image) {
    return write("png", new IIOImage(image, null, null), param -> {});
  }

  /** Adam7-interlaced PNG. */
  static byte[] interlacedPng(RenderedImage image) {
    return write(
        "png",
        new IIOImage(image, null, null),
        param -> param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
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

  /**
   * A CMYK JPEG as Photoshop writes it: an Adobe APP14 segment with transform 0 and every channel
   * inverted (255 = no ink), patches of {@link #INKS} left to right, repeated {@code repeat} times.
   */
  static byte[] adobeCmykJpeg(int patchSize, int repeat) {
    WritableRaster raster = inkRaster(patchSize, repeat);
    int[] pixel = new int[4];
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int x = 0; x < raster.getWidth(); x++) {
        int[] ink = INKS[x / patchSize % INKS.length];
        for (int c = 0; c < 4; c++) {
          pixel[c] = 255 - ink[c];
        }
        raster.setPixel(x, y, pixel);
      }
    }
    return withAdobeSegment(
        write("jpeg", new IIOImage(raster, null, null), jpegParams(0.95f, false)), 0);
  }

  /**
   * A YCCK JPEG as Photoshop writes it: APP14 transform 2; the inks C, M, Y encoded as if they were
   * R, G, B in YCbCr, and K inverted.
   */
  static byte[] adobeYcckJpeg(boolean progressive) {
    WritableRaster raster = inkRaster(PATCH, 1);
    int[] pixel = new int[4];
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int x = 0; x < raster.getWidth(); x++) {
        int[] ink = INKS[x / PATCH];
        double r = ink[0];
        double g = ink[1];
        double b = ink[2];
        pixel[0] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
        pixel[1] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        pixel[2] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
        pixel[3] = 255 - ink[3];
        raster.setPixel(x, y, pixel);
      }
    }
    byte[] jpeg = write("jpeg", new IIOImage(raster, null, null), jpegParams(0.95f, progressive));
    return withAdobeSegment(jpeg, 2);
  }

  private static WritableRaster inkRaster(int patchSize, int repeat) {
    return Raster.createInterleavedRaster(
        DataBuffer.TYPE_BYTE, patchSize * INKS.length * repeat, patchSize * repeat, 4, null);
  }

  private static byte[] withAdobeSegment(byte[] jpeg, int transform) {
    ByteBuffer app14 = ByteBuffer.allocate(16);
    app14.putShort((short) 0xFFEE).putShort((short) 14);
    app14.put("Adobe".getBytes(StandardCharsets.US_ASCII));
    app14.putShort((short) 100).putShort((short) 0).putShort((short) 0).put((byte) transform);
    return insertAfterSoi(jpeg, app14.array());
  }

  /** The JPEG with an APP1 Exif segment carrying {@code orientation}, right after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation, ByteOrder order) {
    return withExif(jpeg, tiffWithOrientation(orientation, order));
  }

  /** The JPEG with an APP1 Exif segment holding {@code tiff} as is (it may be malformed). */
  static byte[] withExif(byte[] jpeg, byte[] tiff) {
    ByteBuffer app1 = ByteBuffer.allocate(4 + 6 + tiff.length);
    app1.putShort((short) 0xFFE1).putShort((short) (2 + 6 + tiff.length));
    app1.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff);
    return insertAfterSoi(jpeg, app1.array());
  }

  /** A minimal TIFF structure: header and IFD0 with the one orientation entry. */
  static byte[] tiffWithOrientation(int orientation, ByteOrder order) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
    tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    tiff.putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation);
    tiff.putShort((short) 0);
    tiff.putInt(0);
    return tiff.array();
  }

  /** The PNG with an eXIf chunk carrying {@code orientation}, right after IHDR. */
  static byte[] pngWithExifOrientation(byte[] png, int orientation) {
    return pngWithChunk(png, "eXIf", tiffWithOrientation(orientation, ByteOrder.BIG_ENDIAN));
  }

  /** The PNG with one more chunk, right after IHDR. */
  static byte[] pngWithChunk(byte[] png, String type, byte[] data) {
    byte[] chunk = pngChunk(type, data);
    int afterIhdr = 8 + 25;
    byte[] out = new byte[png.length + chunk.length];
    System.arraycopy(png, 0, out, 0, afterIhdr);
    System.arraycopy(chunk, 0, out, afterIhdr, chunk.length);
    System.arraycopy(png, afterIhdr, out, afterIhdr + chunk.length, png.length - afterIhdr);
    return out;
  }

  /** A PNG that is only a header declaring {@code width} x {@code height}, and IEND. */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put(new byte[3]);
    ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    png.put(pngChunk("IHDR", ihdr.array())).put(pngChunk("IEND", new byte[0]));
    return png.array();
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

  /** The JPEG with its frame header (SOFn) rewritten to declare {@code width} x {@code height}. */
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
    throw new IllegalArgumentException("no SOF0/SOF2 segment found");
  }

  static byte[] truncated(byte[] data, double fraction) {
    return Arrays.copyOf(data, (int) (data.length * fraction));
  }

  private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  private static Consumer<ImageWriteParam> jpegParams(float quality, boolean progressive) {
    return param -> {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      if (param instanceof JPEGImageWriteParam jpeg) {
        jpeg.setOptimizeHuffmanTables(true); // the smallest files a real encoder writes
      }
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
    };
  }

  private static byte[] write(String format, IIOImage image, Consumer<ImageWriteParam> configure) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      configure.accept(param);
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static int clamp(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }
}
