package dev.menagerie.training.synth;

import dev.menagerie.common.library.LibraryCatalog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * filed as staged and one in ten as synthetic. A class can have its own image count ({@link
 * Builder#optClassSize}) and be mostly staged or synthetic ({@link Builder#optSyntheticHeavy}).
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
  private final Map<String, Integer> classSizes;
  private final Set<String> syntheticHeavy;
  private final int holdoutPerClass;
  private final int unknownCount;
  private final int unlabelledPerClass;
  private final int size;

  private SyntheticLibrary(Builder b) {
    this.root = b.root;
    this.seed = b.seed;
    this.classes = b.classes;
    this.perClass = b.perClass;
    this.classSizes = Map.copyOf(b.classSizes);
    this.syntheticHeavy = Set.copyOf(b.syntheticHeavy);
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
      for (int i = 0; i < imagesOf(label); i++) {
        Random r = random(label, "library", i);
        boolean smallSubject = r.nextInt(7) == 0;
        int originDraw = r.nextInt(10);
        String folder = originFolder(label, originDraw);
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
      for (int i = 0; i < holdoutOf(label); i++) {
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
        classes.stream().mapToInt(this::imagesOf).sum(),
        classes.stream().mapToInt(this::holdoutOf).sum(),
        unknownCount,
        unlabelled,
        unlabelledImages,
        small,
        classes);
  }

  /** Library images of {@code label}: its own size when given, else the per-class count. */
  private int imagesOf(String label) {
    return classSizes.getOrDefault(label, perClass);
  }

  /**
   * Held-out images of {@code label}: a class of its own size holds out the same share of it as the
   * others do (a class of 30 images does not give 30 to a benchmark set).
   */
  private int holdoutOf(String label) {
    return classSizes.containsKey(label)
        ? (int) Math.round(holdoutPerClass * (double) imagesOf(label) / perClass)
        : holdoutPerClass;
  }

  /**
   * Where an image's origin draw (0..9) files it: one in ten staged and one in ten synthetic; in a
   * synthetic-heavy class three in ten staged and four in ten synthetic. The draw is the same
   * either way, so the pixels do not change with the filing.
   */
  private String originFolder(String label, int originDraw) {
    int staged = syntheticHeavy.contains(label) ? 3 : 1;
    int synthetic = syntheticHeavy.contains(label) ? 4 : 1;
    if (originDraw < staged) {
      return "staged/";
    }
    return originDraw < staged + synthetic ? "synthetic/" : "";
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
    return new ShapePainter(size).draw(label, smallSubject, r);
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
    private final Map<String, Integer> classSizes = new TreeMap<>();
    private final Set<String> syntheticHeavy = new TreeSet<>();
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

    /** Library images of one class, instead of the per-class count. */
    public Builder optClassSize(String label, int images) {
      this.classSizes.put(label, images);
      return this;
    }

    /**
     * Files seven in ten of the class's library images as staged or synthetic (instead of two in
     * ten), as a class assembled mostly from staged shots and renderings would be.
     */
    public Builder optSyntheticHeavy(String label) {
      this.syntheticHeavy.add(label);
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
      for (Map.Entry<String, Integer> e : classSizes.entrySet()) {
        if (!classes.contains(e.getKey()) || e.getValue() < 1) {
          throw new IllegalArgumentException(
              "a class size needs one of the classes drawn "
                  + classes
                  + " and at least 1 image, was "
                  + e.getKey()
                  + "="
                  + e.getValue());
        }
      }
      for (String label : syntheticHeavy) {
        if (!classes.contains(label)) {
          throw new IllegalArgumentException(
              "a synthetic-heavy class must be one of the classes drawn "
                  + classes
                  + ", was '"
                  + label
                  + "'");
        }
      }
      if (size < 32 || size > 1024) {
        throw new IllegalArgumentException("size must be within 32..1024, was " + size);
      }
      return new SyntheticLibrary(this);
    }
  }
}
