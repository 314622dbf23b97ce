package dev.menagerie.training.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws one synthetic image: a class's shape or pattern in a colour of its hue family (or a random
 * one) on a flat, gradient or blotched background, at a random position, scale and rotation, with
 * pixel noise. Every random choice comes from the caller's generator, in a fixed order, so the same
 * generator state gives the same pixels.
 */
final class ShapePainter {
  private final int size;

  ShapePainter(int size) {
    this.size = size;
  }

  /** One image of {@code label}, drawing from {@code r}. */
  BufferedImage draw(String label, boolean smallSubject, Random r) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      Color background = background(g, r);
      double scale = smallSubject ? 0.14 + 0.08 * r.nextDouble() : 0.36 + 0.26 * r.nextDouble();
      double extent = scale * size;
      double margin = extent / 2 + 2;
      double cx = margin + r.nextDouble() * Math.max(0, size - 2 * margin);
      double cy = margin + r.nextDouble() * Math.max(0, size - 2 * margin);
      double angle = r.nextDouble() * 2 * Math.PI;
      Color colour = subjectColour(label, background, r);
      AffineTransform at = new AffineTransform();
      at.translate(cx, cy);
      at.rotate(angle);
      at.scale(extent / 2, extent / 2);
      Shape subject = at.createTransformedShape(unitShape(label, r));
      if (label.equals("stripes") || label.equals("checker")) {
        paintPattern(g, label, subject, at, colour, contrasting(colour, r), r);
      } else {
        g.setColor(colour);
        g.fill(subject);
      }
    } finally {
      g.dispose();
    }
    addNoise(image, r);
    return image;
  }

  private Color background(Graphics2D g, Random r) {
    Color a = randomColour(r);
    switch (r.nextInt(3)) {
      case 0 -> {
        g.setColor(a);
        g.fillRect(0, 0, size, size);
      }
      case 1 -> {
        Color b = randomColour(r);
        g.setPaint(new GradientPaint(r.nextFloat() * size, 0, a, r.nextFloat() * size, size, b));
        g.fillRect(0, 0, size, size);
        a = mix(a, b);
      }
      default -> {
        g.setColor(a);
        g.fillRect(0, 0, size, size);
        for (int i = 0; i < 6; i++) {
          Color blotch = mix(a, randomColour(r));
          g.setColor(new Color(blotch.getRed(), blotch.getGreen(), blotch.getBlue(), 90));
          double w = size * (0.2 + 0.4 * r.nextDouble());
          g.fill(
              new Ellipse2D.Double(
                  r.nextDouble() * size - w / 2, r.nextDouble() * size - w / 2, w, w * 0.7));
        }
      }
    }
    return a;
  }

  /** The class's shape in a unit box [-1, 1]², before rotation and scaling. */
  private static Shape unitShape(String label, Random r) {
    return switch (label) {
      case "circle" -> new Ellipse2D.Double(-1, -1, 2, 2);
      case "ellipse" -> {
        double minor = 0.55 + 0.15 * r.nextDouble();
        yield new Ellipse2D.Double(-1, -minor, 2, 2 * minor);
      }
      case "ring" -> {
        Area ring = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
        double inner = 0.5 + 0.15 * r.nextDouble();
        ring.subtract(new Area(new Ellipse2D.Double(-inner, -inner, 2 * inner, 2 * inner)));
        yield ring;
      }
      case "square", "checker" -> new Rectangle2D.Double(-0.8, -0.8, 1.6, 1.6);
      case "stripes" -> new Ellipse2D.Double(-1, -1, 2, 2);
      case "triangle" -> polygon(3, 1, 0);
      case "cross" -> {
        double arm = 0.28 + 0.08 * r.nextDouble();
        Area cross = new Area(new Rectangle2D.Double(-1, -arm, 2, 2 * arm));
        cross.add(new Area(new Rectangle2D.Double(-arm, -1, 2 * arm, 2)));
        yield cross;
      }
      case "star" -> polygon(5, 1, 0.42);
      case SyntheticLibrary.UNKNOWN -> {
        Area moon = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
        moon.subtract(new Area(new Ellipse2D.Double(-0.45, -1.05, 2, 2)));
        yield moon;
      }
      default -> throw new IllegalArgumentException("no shape for class '" + label + "'");
    };
  }

  private static Shape polygon(int points, double outer, double inner) {
    Path2D.Double p = new Path2D.Double();
    int n = inner > 0 ? points * 2 : points;
    for (int i = 0; i < n; i++) {
      double radius = inner > 0 && i % 2 == 1 ? inner : outer;
      double a = -Math.PI / 2 + i * 2 * Math.PI / n;
      if (i == 0) {
        p.moveTo(radius * Math.cos(a), radius * Math.sin(a));
      } else {
        p.lineTo(radius * Math.cos(a), radius * Math.sin(a));
      }
    }
    p.closePath();
    return p;
  }

  private static void paintPattern(
      Graphics2D g, String label, Shape subject, AffineTransform at, Color a, Color b, Random r) {
    Shape oldClip = g.getClip();
    g.clip(subject);
    g.setColor(b);
    g.fill(subject);
    g.setColor(a);
    int cells = 4 + r.nextInt(3);
    double step = 2.0 / cells;
    for (int i = 0; i < cells; i++) {
      if (label.equals("stripes")) {
        if (i % 2 == 0) {
          g.fill(at.createTransformedShape(new Rectangle2D.Double(-1 + i * step, -1, step, 2)));
        }
      } else {
        for (int j = 0; j < cells; j++) {
          if ((i + j) % 2 == 0) {
            g.fill(
                at.createTransformedShape(
                    new Rectangle2D.Double(-1 + i * step, -1 + j * step, step, step)));
          }
        }
      }
    }
    g.setClip(oldClip);
    g.setStroke(new BasicStroke(1f));
  }

  /**
   * Seven images in ten take the class's own hue family (shared by the look-alike pair), the rest a
   * random hue: colour helps, but shape decides.
   */
  private static Color subjectColour(String label, Color background, Random r) {
    boolean own = r.nextInt(10) < 7;
    float hue = classHue(label) + (r.nextFloat() - 0.5f) * 0.1f;
    float saturation = 0.55f + 0.45f * r.nextFloat();
    float brightness = 0.45f + 0.55f * r.nextFloat();
    Color c = own ? Color.getHSBColor(hue, saturation, brightness) : contrasting(background, r);
    if (Math.abs(luminance(c) - luminance(background)) < 0.2f) {
      c = contrasting(background, r);
    }
    return c;
  }

  private static float classHue(String label) {
    return switch (label) {
      case "circle", "ellipse" -> 0.0f;
      case "ring" -> 0.11f;
      case "square" -> 0.22f;
      case "triangle" -> 0.33f;
      case "cross" -> 0.5f;
      case "star" -> 0.6f;
      case "stripes" -> 0.72f;
      case "checker" -> 0.83f;
      default -> 0.92f;
    };
  }

  private static Color randomColour(Random r) {
    return Color.getHSBColor(
        r.nextFloat(), 0.2f + 0.8f * r.nextFloat(), 0.25f + 0.75f * r.nextFloat());
  }

  /** A random colour at least a clear step of brightness away from {@code other}. */
  private static Color contrasting(Color other, Random r) {
    float otherBrightness = luminance(other);
    Color c = randomColour(r);
    for (int i = 0; i < 20 && Math.abs(luminance(c) - otherBrightness) < 0.3f; i++) {
      c = randomColour(r);
    }
    if (Math.abs(luminance(c) - otherBrightness) < 0.3f) {
      c = otherBrightness > 0.5f ? new Color(20, 20, 30) : new Color(235, 235, 225);
    }
    return c;
  }

  private static float luminance(Color c) {
    return (0.299f * c.getRed() + 0.587f * c.getGreen() + 0.114f * c.getBlue()) / 255f;
  }

  private static Color mix(Color a, Color b) {
    return new Color(
        (a.getRed() + b.getRed()) / 2,
        (a.getGreen() + b.getGreen()) / 2,
        (a.getBlue() + b.getBlue()) / 2);
  }

  private static void addNoise(BufferedImage image, Random r) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int n = (int) Math.round(r.nextGaussian() * 6);
        int red = clamp(((rgb >> 16) & 0xFF) + n);
        int green = clamp(((rgb >> 8) & 0xFF) + n);
        int blue = clamp((rgb & 0xFF) + n);
        image.setRGB(x, y, (red << 16) | (green << 8) | blue);
      }
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
