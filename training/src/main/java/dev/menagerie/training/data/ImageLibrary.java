package dev.menagerie.training.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the library layout (also the layout of a SageMaker channel):
 *
 * <pre>
 * DIR/&lt;label&gt;/&lt;file&gt;.jpg              a real image
 * DIR/&lt;label&gt;/staged/&lt;file&gt;.jpg       a staged image
 * DIR/&lt;label&gt;/synthetic/&lt;file&gt;.jpg    a synthetic image
 * DIR/_meta/images.jsonl               optional: {"key":"&lt;label&gt;/&lt;path&gt;","smallSubject":true}
 * </pre>
 *
 * Folders starting with {@code _} or {@code .} are not labels. Files are taken by extension (jpg,
 * jpeg, png, gif, bmp), in sorted order, so a scan is repeatable.
 */
public final class ImageLibrary {
  public static final String META_FOLDER = "_meta";
  public static final String MANIFEST = META_FOLDER + "/images.jsonl";
  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageLibrary() {}

  /** Every labelled image under {@code root}, sorted by key. */
  public static List<LabelledImage> scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + " is not a directory (expected <label>/<images> folders)");
    }
    Map<String, JsonNode> flags = readManifest(root.resolve(MANIFEST));
    List<LabelledImage> images = new ArrayList<>();
    for (String label : labels(root)) {
      Path labelDir = root.resolve(label);
      try (Stream<Path> files = Files.walk(labelDir)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          if (!isImage(file)) {
            continue;
          }
          Path relative = labelDir.relativize(file);
          String key = label + "/" + relative.toString().replace('\\', '/');
          JsonNode flag = flags.get(key);
          boolean small = flag != null && flag.path("smallSubject").asBoolean(false);
          images.add(new LabelledImage(key, label, file, origin(relative), small));
        }
      }
    }
    images.sort(Comparator.comparing(LabelledImage::key));
    return images;
  }

  /** The label folders under {@code root}, sorted. */
  public static List<String> labels(Path root) throws IOException {
    Set<String> labels = new TreeSet<>();
    try (Stream<Path> children = Files.list(root)) {
      children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .forEach(labels::add);
    }
    return List.copyOf(labels);
  }

  private static LabelledImage.Origin origin(Path relative) {
    if (relative.getNameCount() < 2) {
      return LabelledImage.Origin.REAL;
    }
    return switch (relative.getName(0).toString()) {
      case "staged" -> LabelledImage.Origin.STAGED;
      case "synthetic" -> LabelledImage.Origin.SYNTHETIC;
      default -> LabelledImage.Origin.REAL;
    };
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static Map<String, JsonNode> readManifest(Path manifest) throws IOException {
    Map<String, JsonNode> flags = new HashMap<>();
    if (!Files.exists(manifest)) {
      return flags;
    }
    int lineNumber = 0;
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        throw new IOException(manifest + " line " + lineNumber + " is not JSON: " + line, e);
      }
      if (!node.path("key").isTextual()) {
        throw new IOException(manifest + " line " + lineNumber + " has no \"key\" string");
      }
      flags.put(node.get("key").asText(), node);
    }
    return flags;
  }
}
