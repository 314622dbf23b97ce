package dev.menagerie.common.library;

import dev.menagerie.common.image.ImageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The library's layout, written once for everything that reads a library: the pipeline (bucket keys
 * under {@code library/} and {@code benchmarks/<set>/}), the library statistics and the training
 * job (a local folder or a SageMaker channel). Keys are relative to the library root:
 *
 * <pre>
 * &lt;label&gt;/&lt;file&gt;                  a real image
 * &lt;label&gt;/staged/&lt;...&gt;/&lt;file&gt;     a staged image
 * &lt;label&gt;/synthetic/&lt;...&gt;/&lt;file&gt;  a synthetic image (any other subfolder: real)
 * _meta/images.jsonl                flags by key ({@link ImageManifest})
 * </pre>
 *
 * <p>An image is taken when its extension names a format the {@link
 * dev.menagerie.common.image.ImageDecoder} decodes ({@link ImageFormat#isDecodable()}), so nothing
 * is counted or split that training then cannot read. Other files in label folders, and files
 * outside any label folder, are skipped with a reason for the caller to report. Keys with a segment
 * starting with {@code _} or {@code .} ({@code _meta/}, hidden files) and folder markers are not
 * library content and are passed over silently.
 */
public final class LibraryCatalog {
  public static final String META_FOLDER = "_meta";
  public static final String MANIFEST = META_FOLDER + "/images.jsonl";

  /** The extensions taken, for messages: {@code .jpg, .jpeg, .png, .gif, .bmp}. */
  public static final String TAKEN_EXTENSIONS =
      Arrays.stream(ImageFormat.values())
          .filter(ImageFormat::isDecodable)
          .flatMap(f -> f.extensions().stream())
          .map(e -> "." + e)
          .collect(Collectors.joining(", "));

  private LibraryCatalog() {}

  /** A file that is not taken, and why. */
  public record Skipped(String key, String reason) {
    @Override
    public String toString() {
      return key + ": " + reason;
    }
  }

  /** The images taken, sorted by key, and the files skipped, sorted by key. */
  public record Scan(List<LabelledImage> images, List<Skipped> skipped) {
    public Scan {
      images = List.copyOf(images);
      skipped = List.copyOf(skipped);
    }
  }

  /** Reads keys relative to the library root, with flags from its manifest (none: empty map). */
  public static Scan scan(Iterable<String> relativeKeys, Map<String, ImageFlags> flags) {
    List<LabelledImage> images = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (String key : relativeKeys) {
      String reason = skipReason(key);
      if (reason == null) {
        String[] parts = key.split("/");
        Origin origin = parts.length > 2 ? Origin.ofFolder(parts[1]) : Origin.REAL;
        images.add(
            new LabelledImage(key, parts[0], origin, flags.getOrDefault(key, ImageFlags.NONE)));
      } else if (!reason.isEmpty()) {
        skipped.add(new Skipped(key, reason));
      }
    }
    images.sort(Comparator.comparing(LabelledImage::key));
    skipped.sort(Comparator.comparing(Skipped::key));
    return new Scan(images, skipped);
  }

  /** The key as a library image (no flags), or empty when it is not taken. */
  public static Optional<LabelledImage> image(String relativeKey) {
    List<LabelledImage> images = scan(List.of(relativeKey), Map.of()).images();
    return images.isEmpty() ? Optional.empty() : Optional.of(images.get(0));
  }

  /**
   * Reads a library folder (a local library or a SageMaker channel), with {@code
   * _meta/images.jsonl} when present. An image's file is {@code root.resolve(image.key())}.
   */
  public static Scan scanFolder(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + " is not a directory (expected <label>/<images> folders)");
    }
    Path manifest = root.resolve(MANIFEST);
    Map<String, ImageFlags> flags =
        Files.isRegularFile(manifest)
            ? ImageManifest.parse(
                Files.readString(manifest, StandardCharsets.UTF_8), manifest.toString())
            : Map.of();
    List<String> keys;
    try (Stream<Path> files = Files.walk(root)) {
      keys =
          files
              .filter(Files::isRegularFile)
              .map(f -> root.relativize(f).toString().replace('\\', '/'))
              .toList();
    }
    return scan(keys, flags);
  }

  /** Why a key is not taken: null when it is, empty when it is passed over silently. */
  private static String skipReason(String key) {
    if (key.isEmpty() || key.endsWith("/")) {
      return "";
    }
    String[] parts = key.split("/");
    for (String part : parts) {
      if (part.isEmpty() || part.startsWith("_") || part.startsWith(".")) {
        return "";
      }
    }
    if (parts.length < 2) {
      return "not inside a label folder (<label>/<file>)";
    }
    String name = parts[parts.length - 1];
    int dot = name.lastIndexOf('.');
    Optional<ImageFormat> format =
        dot < 0 ? Optional.empty() : ImageFormat.byExtension(name.substring(dot + 1));
    if (format.isEmpty()) {
      return "not an image file name (the library takes " + TAKEN_EXTENSIONS + ")";
    }
    if (!format.get().isDecodable()) {
      return format.get()
          + " is a format the image decoder does not read (the library takes "
          + TAKEN_EXTENSIONS
          + ")";
    }
    return null;
  }
}
