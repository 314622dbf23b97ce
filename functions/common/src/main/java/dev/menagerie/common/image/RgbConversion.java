package dev.menagerie.common.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.PackedColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Reads a BufferedImage of any layout into interleaved 8-bit RGB, compositing alpha onto white.
 *
 * <p>It reads rasters a row (or an array) at a time instead of calling {@code getRGB} per pixel,
 * which allocates per pixel for custom layouts. Grey is replicated as stored: Java 2D calls its
 * grey colour space linear and would brighten it, but grey JPEGs and PNGs hold gamma-encoded values
 * like every other image, and that is what training pipelines elsewhere read too.
 */
final class RgbConversion {
  private static final int WHITE = 255;

  private RgbConversion() {}

  static byte[] toInterleavedRgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    long size = 3L * width * height;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("image too large: " + width + "x" + height);
    }
    byte[] out = new byte[(int) size];
    ColorModel colorModel = image.getColorModel();
    Raster raster = image.getRaster();
    if (colorModel instanceof IndexColorModel palette) {
      fromPalette(palette, raster, out);
    } else if (isEightBitInterleaved(colorModel, raster)) {
      fromEightBitInterleaved(colorModel, raster, out);
    } else if (isIntegralGreyOrSrgb(colorModel, raster)) {
      fromIntegralSamples(colorModel, raster, out);
    } else {
      fromAnythingViaJava2d(image, out);
    }
    return out;
  }

  private static void fromPalette(IndexColorModel palette, Raster raster, byte[] out) {
    int[] argb = new int[palette.getMapSize()];
    palette.getRGBs(argb);
    int[] rgb = new int[argb.length];
    for (int i = 0; i < argb.length; i++) {
      int a = argb[i] >>> 24;
      rgb[i] =
          composite(argb[i] >> 16 & 0xFF, a) << 16
              | composite(argb[i] >> 8 & 0xFF, a) << 8
              | composite(argb[i] & 0xFF, a);
    }
    int width = raster.getWidth();
    int[] indices = new int[width];
    for (int y = 0, o = 0; y < raster.getHeight(); y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, indices);
      for (int x = 0; x < width; x++, o += 3) {
        int index = indices[x];
        int c = index >= 0 && index < rgb.length ? rgb[index] : 0;
        out[o] = (byte) (c >> 16);
        out[o + 1] = (byte) (c >> 8);
        out[o + 2] = (byte) c;
      }
    }
  }

  /** The layout of almost every decoded JPEG and PNG: bytes, one bank, any band order. */
  private static boolean isEightBitInterleaved(ColorModel colorModel, Raster raster) {
    if (!(colorModel instanceof ComponentColorModel)
        || !isGreyOrSrgb(colorModel.getColorSpace())
        || !(raster.getDataBuffer() instanceof DataBufferByte)
        || raster.getDataBuffer().getNumBanks() != 1
        || !(raster.getSampleModel() instanceof ComponentSampleModel)
        || raster.getNumBands() != colorModel.getNumComponents()) {
      return false;
    }
    for (int bits : colorModel.getComponentSize()) {
      if (bits != 8) {
        return false;
      }
    }
    return true;
  }

  private static void fromEightBitInterleaved(ColorModel colorModel, Raster raster, byte[] out) {
    ComponentSampleModel layout = (ComponentSampleModel) raster.getSampleModel();
    byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
    int[] bandOffsets = layout.getBandOffsets();
    int pixelStride = layout.getPixelStride();
    int scanlineStride = layout.getScanlineStride();
    int origin =
        raster.getDataBuffer().getOffset()
            + (raster.getMinY() - raster.getSampleModelTranslateY()) * scanlineStride
            + (raster.getMinX() - raster.getSampleModelTranslateX()) * pixelStride;
    boolean grey = colorModel.getNumColorComponents() == 1;
    boolean alpha = colorModel.hasAlpha();
    boolean premultiplied = colorModel.isAlphaPremultiplied();
    int r = bandOffsets[0];
    int g = grey ? r : bandOffsets[1];
    int b = grey ? r : bandOffsets[2];
    int a = alpha ? bandOffsets[bandOffsets.length - 1] : 0;
    int width = raster.getWidth();
    for (int y = 0, o = 0; y < raster.getHeight(); y++) {
      int p = origin + y * scanlineStride;
      for (int x = 0; x < width; x++, p += pixelStride, o += 3) {
        int red = data[p + r] & 0xFF;
        int green = data[p + g] & 0xFF;
        int blue = data[p + b] & 0xFF;
        if (alpha) {
          int opacity = data[p + a] & 0xFF;
          red = composite(red, opacity, premultiplied);
          green = composite(green, opacity, premultiplied);
          blue = composite(blue, opacity, premultiplied);
        }
        out[o] = (byte) red;
        out[o + 1] = (byte) green;
        out[o + 2] = (byte) blue;
      }
    }
  }

  /** 16-bit PNGs, packed int RGB(A), low-bit grey: integer samples in a grey or sRGB space. */
  private static boolean isIntegralGreyOrSrgb(ColorModel colorModel, Raster raster) {
    int transferType = raster.getTransferType();
    return (colorModel instanceof ComponentColorModel || colorModel instanceof PackedColorModel)
        && isGreyOrSrgb(colorModel.getColorSpace())
        && raster.getNumBands() == colorModel.getNumComponents()
        && (transferType == DataBuffer.TYPE_BYTE
            || transferType == DataBuffer.TYPE_USHORT
            || transferType == DataBuffer.TYPE_INT);
  }

  private static void fromIntegralSamples(ColorModel colorModel, Raster raster, byte[] out) {
    int bands = raster.getNumBands();
    int[] max = new int[bands];
    for (int band = 0; band < bands; band++) {
      max[band] = (int) ((1L << Math.min(colorModel.getComponentSize(band), 31)) - 1);
    }
    boolean grey = colorModel.getNumColorComponents() == 1;
    boolean alpha = colorModel.hasAlpha();
    boolean premultiplied = colorModel.isAlphaPremultiplied();
    int width = raster.getWidth();
    SampleModel layout = raster.getSampleModel();
    int[] row = new int[width * bands];
    for (int y = 0, o = 0; y < raster.getHeight(); y++) {
      layout.getPixels(
          raster.getMinX() - raster.getSampleModelTranslateX(),
          raster.getMinY() - raster.getSampleModelTranslateY() + y,
          width,
          1,
          row,
          raster.getDataBuffer());
      for (int x = 0, s = 0; x < width; x++, s += bands, o += 3) {
        int red = toEightBits(row[s], max[0]);
        int green = grey ? red : toEightBits(row[s + 1], max[1]);
        int blue = grey ? red : toEightBits(row[s + 2], max[2]);
        if (alpha) {
          int opacity = toEightBits(row[s + bands - 1], max[bands - 1]);
          red = composite(red, opacity, premultiplied);
          green = composite(green, opacity, premultiplied);
          blue = composite(blue, opacity, premultiplied);
        }
        out[o] = (byte) red;
        out[o + 1] = (byte) green;
        out[o + 2] = (byte) blue;
      }
    }
  }

  /** CMYK, YCbCr, ICC spaces, float samples: let Java 2D convert while drawing onto white. */
  private static void fromAnythingViaJava2d(BufferedImage image, byte[] out) {
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = rgb.createGraphics();
    try {
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      graphics.drawImage(image, 0, 0, null);
    } finally {
      graphics.dispose();
    }
    int[] pixels = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    for (int p = 0, o = 0; p < pixels.length; p++, o += 3) {
      out[o] = (byte) (pixels[p] >> 16);
      out[o + 1] = (byte) (pixels[p] >> 8);
      out[o + 2] = (byte) pixels[p];
    }
  }

  private static boolean isGreyOrSrgb(ColorSpace colorSpace) {
    return colorSpace.getType() == ColorSpace.TYPE_GRAY || colorSpace.isCS_sRGB();
  }

  private static int toEightBits(int sample, int max) {
    if (max == 255) {
      return sample & 0xFF;
    }
    return (int) (((sample & 0xFFFFFFFFL) * 255 + max / 2) / max);
  }

  private static int composite(int colour, int opacity, boolean premultiplied) {
    if (premultiplied) {
      return Math.min(WHITE, colour + WHITE - opacity);
    }
    return composite(colour, opacity);
  }

  /** Straight (not premultiplied) colour over white, rounded. */
  private static int composite(int colour, int opacity) {
    return (colour * opacity + WHITE * (WHITE - opacity) + 127) / WHITE;
  }
}
