package dev.menagerie.training.synth;

import dev.menagerie.common.library.LibraryCatalog;
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
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A deterministic library of labelled images: a shape or pattern per class, in a random colour on a
 * varied background (flat, gradient or blotched), at a random position, scale and rotation, with
 * pixel noise, saved as JPEG. {@code circle} and {@code ellipse} are the look-alike pair; {@code
 * crescent} is the unknown class, written only to {@code DIR/unknown/} (never to the library or the
 * holdout). About one image in seven has a small subject (flagged in the manifest), one in ten is
 * filed as staged and one in ten as synthetic.
 *
 * <p>Layout written: {@code DIR/library/<label>/[staged/|synthetic/]<file>.jpg}, {@code
 * DIR/library/_meta/images.jsonl}, {@code DIR/holdout/<label>/<file>.jpg}, {@code
 * DIR/unknown/<file>.jpg}, and, when asked for, {@code DIR/unlabelled/<file>.jpg}: images of the
 * known classes under neutral names in a shuffled order (what an inbox receives), with their true
 * labels in {@code DIR/unlabelled-labels.csv} beside the folder. Each image's pixels depend only on
 * the seed, its class, its set and its index, so adding classes or images leaves the others
 * unchanged.
 */
public final class SyntheticLibrary {
  /** Every class the generator draws, in its default order. */
  public static final List<String> CLASSES =
      List.of(
          "circle", "ellipse", "ring", "square", "triangle", "cross", "star", "stripes", "checker");

  /** The class that is never labelled for training. */
  public static final String UNKNOWN = "crescent";

  private final Path root;
  private final long seed;
  private final List<String> classes;
  private final int perClass;
  private final int holdoutPerClass;
  private final int unknownCount;
  private final int unlabelledPerClass;
  private final int size;

  private SyntheticLibrary(Builder b) {
    this.root = b.root;
    this.seed = b.seed;
    this.classes = b.classes;
    this.perClass = b.perClass;
    this.holdoutPerClass = b.holdoutPerClass;
    this.unknownCount = b.unknownCount;
    this.unlabelledPerClass = b.unlabelledPerClass;
    this.size = b.size;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What was written. */
  public record Summary(
      Path library,
      Path holdout,
      Path unknown,
      int libraryImages,
      int holdoutImages,
      int unknownImages,
      Path unlabelled,
      int unlabelledImages,
      int smallSubjects,
      List<String> classes) {}

  /** The file beside {@code DIR/unlabelled/} with each unlabelled image's true label. */
  public static final String UNLABELLED_LABELS = "unlabelled-labels.csv";

  /** Writes the images; existing files of the same names are overwritten. */
  public Summary generate() throws IOException {
    Path library = root.resolve("library");
    Path holdout = root.resolve("holdout");
    Path unknown = root.resolve("unknown");
    Files.createDirectories(library.resolve(LibraryCatalog.META_FOLDER));
    StringBuilder manifest = new StringBuilder();
    int small = 0;
    for (String label : classes) {
      for (int i = 0; i < perClass; i++) {
        Random r = random(label, "library", i);
        boolean smallSubject = r.nextInt(7) == 0;
        int originDraw = r.nextInt(10);
        String folder = originDraw == 0 ? "staged/" : originDraw == 1 ? "synthetic/" : "";
        String relative = folder + label + "-" + String.format("%04d", i) + ".jpg";
        writeJpeg(draw(label, smallSubject, r), library.resolve(label).resolve(relative));
        if (smallSubject) {
          small++;
          manifest
              .append("{\"key\":\"")
              .append(label)
              .append('/')
              .append(relative)
              .append("\",\"smallSubject\":true}\n");
        }
      }
      for (int i = 0; i < holdoutPerClass; i++) {
        writeImage(
            label,
            "holdout",
            i,
            holdout.resolve(label).resolve(label + "-h" + String.format("%04d", i) + ".jpg"));
      }
    }
    for (int i = 0; i < unknownCount; i++) {
      writeImage(
          UNKNOWN,
          "unknown",
          i,
          unknown.resolve(UNKNOWN + "-" + String.format("%04d", i) + ".jpg"));
    }
    Files.writeString(
        library.resolve(LibraryCatalog.MANIFEST), manifest.toString(), StandardCharsets.UTF_8);
    Path unlabelled = root.resolve("unlabelled");
    int unlabelledImages = writeUnlabelled(unlabelled);
    return new Summary(
        library,
        holdout,
        unknown,
        classes.size() * perClass,
        classes.size() * holdoutPerClass,
        unknownCount,
        unlabelled,
        unlabelledImages,
        small,
        classes);
  }

  /**
   * {@code unlabelledPerClass} images of each class, shuffled (seeded) and named {@code
   * unlabelled-NNNN.jpg} so that neither the name nor the order tells the class; the truth goes to
   * {@link #UNLABELLED_LABELS} ({@code file,label}).
   */
  private int writeUnlabelled(Path dir) throws IOException {
    if (unlabelledPerClass == 0) {
      return 0;
    }
    record Draw(String label, int index) {}
    List<Draw> draws = new ArrayList<>();
    for (String label : classes) {
      for (int i = 0; i < unlabelledPerClass; i++) {
        draws.add(new Draw(label, i));
      }
    }
    Collections.shuffle(draws, new Random(seed * 0x2545F4914F6CDD1DL + 17));
    StringBuilder truth = new StringBuilder("file,label\n");
    for (int n = 0; n < draws.size(); n++) {
      Draw d = draws.get(n);
      String file = "unlabelled-" + String.format("%04d", n) + ".jpg";
      writeImage(d.label(), "unlabelled", d.index(), dir.resolve(file));
      truth.append(file).append(',').append(d.label()).append('\n');
    }
    Files.writeString(
        dir.resolveSibling(UNLABELLED_LABELS), truth.toString(), StandardCharsets.UTF_8);
    return draws.size();
  }

  /**
   * Draws image {@code index} of {@code label} in {@code set} and writes it to {@code file}, for
   * the sets filed without origin folders or flags (holdout, unknown, unlabelled). The origin draw
   * is still taken, so the pixels follow the same random sequence as a library image's.
   */
  private void writeImage(String label, String set, int index, Path file) throws IOException {
    Random r = random(label, set, index);
    boolean smallSubject = r.nextInt(7) == 0;
    r.nextInt(10); // the library's origin draw
    writeJpeg(draw(label, smallSubject, r), file);
  }

  private Random random(String label, String set, int index) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (byte b : (label + "/" + set).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001B3L;
    }
    return new Random(h * 31 + index);
  }

  /** One image of {@code label}; public so tests and benchmarks can draw without files. */
  public BufferedImage draw(String label, boolean smallSubject, Random r) {
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
      case UNKNOWN -> {
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

  static void writeJpeg(BufferedImage image, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (OutputStream out = Files.newOutputStream(file);
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
  }

  /** Builds generators; {@code set*} is required, {@code opt*} optional. */
  public static final class Builder {
    private Path root;
    private long seed = 42;
    private List<String> classes = CLASSES;
    private int perClass = 60;
    private int holdoutPerClass = 20;
    private int unknownCount = 20;
    private int unlabelledPerClass = 0;
    private int size = 128;

    private Builder() {}

    public Builder setRoot(Path root) {
      this.root = root;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optClasses(List<String> classes) {
      this.classes = List.copyOf(classes);
      return this;
    }

    public Builder optPerClass(int perClass) {
      this.perClass = perClass;
      return this;
    }

    public Builder optHoldoutPerClass(int holdoutPerClass) {
      this.holdoutPerClass = holdoutPerClass;
      return this;
    }

    public Builder optUnknownCount(int unknownCount) {
      this.unknownCount = unknownCount;
      return this;
    }

    /** Images per known class for {@code DIR/unlabelled/} (default 0: none). */
    public Builder optUnlabelledPerClass(int unlabelledPerClass) {
      this.unlabelledPerClass = unlabelledPerClass;
      return this;
    }

    public Builder optSize(int size) {
      this.size = size;
      return this;
    }

    public SyntheticLibrary build() {
      if (root == null) {
        throw new IllegalArgumentException("root must be set");
      }
      if (classes.isEmpty()) {
        throw new IllegalArgumentException("classes must not be empty");
      }
      for (String c : classes) {
        if (!CLASSES.contains(c)) {
          throw new IllegalArgumentException(
              "unknown class '" + c + "'; expected some of " + CLASSES);
        }
      }
      if (perClass < 1 || holdoutPerClass < 0 || unknownCount < 0 || unlabelledPerClass < 0) {
        throw new IllegalArgumentException(
            "perClass must be at least 1 and holdout/unknown/unlabelled counts at least 0, were "
                + perClass
                + "/"
                + holdoutPerClass
                + "/"
                + unknownCount
                + "/"
                + unlabelledPerClass);
      }
      if (size < 32 || size > 1024) {
        throw new IllegalArgumentException("size must be within 32..1024, was " + size);
      }
      return new SyntheticLibrary(this);
    }
  }
}
