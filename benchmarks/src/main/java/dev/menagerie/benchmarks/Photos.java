package dev.menagerie.benchmarks;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Photo-like test images: smooth gradients, overlapping soft shapes and sensor-like noise, so a
 * JPEG of them has the entropy (and file size) of a camera picture rather than of a flat colour.
 */
public final class Photos {
  private Photos() {}

  public static BufferedImage draw(int width, int height, long seed) {
    Random r = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, colour(r), width, height, colour(r)));
    g.fillRect(0, 0, width, height);
    int shapes = 60;
    for (int i = 0; i < shapes; i++) {
      int w = (int) (width * (0.05 + 0.3 * r.nextDouble()));
      int h = (int) (height * (0.05 + 0.3 * r.nextDouble()));
      int x = r.nextInt(width);
      int y = r.nextInt(height);
      g.setPaint(new GradientPaint(x, y, colour(r), x + w, y + h, colour(r)));
      if (r.nextBoolean()) {
        g.fillOval(x - w / 2, y - h / 2, w, h);
      } else {
        g.fillRoundRect(x - w / 2, y - h / 2, w, h, w / 4, h / 4);
      }
    }
    g.dispose();
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int p = row[x];
        int n = (int) (r.nextGaussian() * 6);
        row[x] =
            (clamp(((p >> 16) & 0xff) + n) << 16)
                | (clamp(((p >> 8) & 0xff) + n) << 8)
                | clamp((p & 0xff) + n);
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  public static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  public static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }

  private static Color colour(Random r) {
    return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
