package dev.menagerie.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * SageMaker's {@code model.tar.gz}: the training job's model directory, flat. Reading keeps only
 * plain files at the top level (a path with a folder, {@code ..} or a link is refused), each at
 * most {@code maxFileBytes}.
 */
public final class ModelArchive {
  private ModelArchive() {}

  /** The files of a model.tar.gz by name. */
  public static Map<String, byte[]> read(InputStream tarGz, long maxFileBytes) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(tarGz))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (name.startsWith("./")) {
          name = name.substring(2);
        }
        if (entry.isDirectory() && (name.isEmpty() || name.equals("."))) {
          continue;
        }
        // isFile() is also true for links and devices: only the two regular-file flags pass
        boolean regular =
            entry.getLinkFlag() == TarConstants.LF_NORMAL
                || entry.getLinkFlag() == TarConstants.LF_OLDNORM;
        if (!regular || name.isEmpty() || name.contains("/") || name.startsWith(".")) {
          throw new IOException("model.tar.gz holds an unexpected entry '" + entry.getName() + "'");
        }
        if (entry.getSize() > maxFileBytes) {
          throw new IOException(
              "model.tar.gz entry " + name + " is larger than " + maxFileBytes + " bytes");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) entry.getSize());
        tar.transferTo(bytes);
        files.put(name, bytes.toByteArray());
      }
    }
    return files;
  }

  /** Packs the regular files directly in {@code dir} (as SageMaker packs /opt/ml/model). */
  public static void write(Path dir, Path tarGz) throws IOException {
    try (TarArchiveOutputStream tar =
            new TarArchiveOutputStream(
                new GzipCompressorOutputStream(Files.newOutputStream(tarGz)));
        Stream<Path> listing = Files.list(dir)) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path file : listing.filter(Files::isRegularFile).sorted().toList()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getFileName().toString());
        entry.setSize(Files.size(file));
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }
}
