package dev.menagerie.common.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * An upright 8-bit RGB image, stored as interleaved bytes R, G, B, R, G, B, ... row by row. It is
 * treated as immutable: the constructor takes ownership of the array and {@link #interleaved()}
 * hands it out without copying, so neither side may change it afterwards.
 */
public final class RgbImage {
  private final int width;
  private final int height;
  private final byte[] rgb;

  public RgbImage(int width, int height, byte[] interleavedRgb) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "dimensions must be positive, were " + width + "x" + height);
    }
    Objects.requireNonNull(interleavedRgb, "interleavedRgb");
    long expected = 3L * width * height;
    if (interleavedRgb.length != expected) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " image needs "
              + expected
              + " bytes, got "
              + interleavedRgb.length);
    }
    this.width = width;
    this.height = height;
    this.rgb = interleavedRgb;
  }

  /**
   * Converts any BufferedImage to RGB: transparency is composited onto white, grey is replicated,
   * 16-bit samples are rounded to 8 bits, palettes are looked up, other colour spaces are
   * converted.
   */
  public static RgbImage from(BufferedImage image) {
    return new RgbImage(image.getWidth(), image.getHeight(), RgbConversion.toInterleavedRgb(image));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The pixel at (x, y) packed as 0xRRGGBB. */
  public int rgb(int x, int y) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    int i = 3 * (y * width + x);
    return (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
  }

  /** R, G, B, R, G, B, ... row-major. Not a copy: do not mutate. */
  public byte[] interleaved() {
    return rgb;
  }

  /**
   * Writes {@code 3 * width * height} floats in 0..255 into {@code dst} from {@code offset}: the R
   * plane, then G, then B (one image of an NCHW batch).
   */
  public void writeChw(float[] dst, int offset) {
    int plane = width * height;
    Objects.checkFromIndexSize(offset, 3 * plane, dst.length);
    int r = offset;
    int g = offset + plane;
    int b = offset + 2 * plane;
    for (int p = 0, i = 0; p < plane; p++, i += 3) {
      dst[r + p] = rgb[i] & 0xFF;
      dst[g + p] = rgb[i + 1] & 0xFF;
      dst[b + p] = rgb[i + 2] & 0xFF;
    }
  }

  /**
   * Writes the planes of {@link #writeChw(float[], int)} into {@code dst} from its position, which
   * it leaves unchanged: straight into a direct buffer ONNX Runtime reads without a copy.
   */
  public void writeChw(FloatBuffer dst) {
    int plane = width * height;
    int start = dst.position();
    Objects.checkFromIndexSize(start, 3 * plane, dst.limit());
    int r = start;
    int g = start + plane;
    int b = start + 2 * plane;
    for (int p = 0, i = 0; p < plane; p++, i += 3) {
      dst.put(r + p, rgb[i] & 0xFF);
      dst.put(g + p, rgb[i + 1] & 0xFF);
      dst.put(b + p, rgb[i + 2] & 0xFF);
    }
  }

  /** A new array with the planes of {@link #writeChw}. */
  public float[] toChw() {
    float[] chw = new float[3 * width * height];
    writeChw(chw, 0);
    return chw;
  }

  /** A TYPE_INT_RGB copy, for writing out or drawing. */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    for (int p = 0, i = 0; p < pixels.length; p++, i += 3) {
      pixels[p] = (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
    }
    return image;
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
