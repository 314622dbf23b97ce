package dev.menagerie.training.kernels;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kernel choices kept on disk between training jobs on one machine, so that a local cloud's runs
 * after the first skip the check (4-15 s each). A choice is filed under what it depends on: the
 * network's shape and batch, the ISAs tried, and this machine's CPU (model name and feature flags)
 * and training classpath; anything else gets a file of its own, checked afresh. Used only where
 * {@link #ENVIRONMENT} names a directory (the local training job sets it to {@code
 * training/target/kernel-cache}, so a rebuild of the job starts over); a SageMaker job checks every
 * time. A file that cannot be read is ignored and checked over.
 */
final class KernelCache {
  /** The directory the choices are kept in; unset, nothing is kept. */
  static final String ENVIRONMENT = "MENAGERIE_KERNEL_CACHE";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String machine;

  KernelCache(Path dir, String machine) {
    this.dir = dir;
    this.machine = machine;
  }

  /** The cache {@link #ENVIRONMENT} names, for this machine; empty when it is unset. */
  static Optional<KernelCache> fromEnvironment() {
    String dir = System.getenv(ENVIRONMENT);
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new KernelCache(Path.of(dir), thisMachine()));
  }

  /** The choice kept for {@code key}, said to come from the cache. */
  Optional<KernelSelection.Choice> read(String key) {
    Path file = file(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> stored = JSON.readValue(file.toFile(), new TypeReference<>() {});
      Kernels kernels = Kernels.decode(String.valueOf(stored.get("kernels")));
      return Optional.of(
          new KernelSelection.Choice(
              kernels,
              stored.get("reason")
                  + " (checked "
                  + stored.get("checkedAt")
                  + " on this machine; kept in "
                  + file
                  + ", delete it to check again)",
              Map.of(),
              0));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // damaged or from an older format: check again
    }
  }

  /** Keeps {@code choice} for {@code key} (written whole, then moved into place). */
  void write(String key, KernelSelection.Choice choice) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("kernels", choice.kernels().encode());
    stored.put("reason", choice.reason());
    stored.put("checkedAt", Instant.now().toString());
    stored.put("checkSeconds", Math.round(choice.seconds() * 10) / 10.0);
    stored.put("key", key);
    Path file = file(key);
    Path partial = Files.createTempFile(dir, "kernels-", ".partial");
    JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), stored);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Path file(String key) {
    return dir.resolve("kernels-" + sha256(machine + "\n" + key).substring(0, 24) + ".json");
  }

  /**
   * What a choice depends on besides the network: the CPU (model name and flags, from {@code
   * /proc/cpuinfo} where there is one), the architecture and the classpath (the PyTorch build).
   */
  static String thisMachine() {
    StringBuilder id = new StringBuilder(System.getProperty("os.arch"));
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try (Stream<String> lines = Files.lines(cpuinfo, StandardCharsets.UTF_8)) {
        lines
            .filter(l -> l.startsWith("model name") || l.startsWith("flags"))
            .limit(2)
            .forEach(l -> id.append('\n').append(l.trim()));
      } catch (IOException | RuntimeException e) {
        id.append("\ncpuinfo unreadable");
      }
    }
    return id.append('\n').append(System.getProperty("java.class.path")).toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** The files kept (for tests and for saying what is there). */
  List<Path> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }
}
