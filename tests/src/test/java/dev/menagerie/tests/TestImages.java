package dev.menagerie.tests;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Small images made in code for the tests. */
public final class TestImages {
  private TestImages() {}

  /** A JPEG filled with one colour, with a darker square so it is not trivially flat. */
  public static byte[] jpeg(int width, int height, Color colour) {
    return encode(solid(width, height, colour), "jpg");
  }

  public static byte[] png(int width, int height, Color colour) {
    return encode(solid(width, height, colour), "png");
  }

  /** The first half of a JPEG: a truncated, corrupt file. */
  public static byte[] truncatedJpeg() {
    byte[] whole = jpeg(64, 64, Color.RED);
    return Arrays.copyOf(whole, whole.length / 2);
  }

  private static BufferedImage solid(int width, int height, Color colour) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.setColor(colour.darker());
    g.fillRect(width / 4, height / 4, width / 8, height / 8);
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
