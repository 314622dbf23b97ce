package dev.menagerie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {
  private static final long LIMIT = 1 << 20;

  /** One tar entry: name, type flag, link target (links only) and content. */
  private record Entry(String name, byte type, String link, byte[] content) {
    static Entry file(String name, String content) {
      return new Entry(
          name, TarConstants.LF_NORMAL, null, content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static InputStream tarGz(Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type());
        if (e.link() != null) {
          entry.setLinkName(e.link());
        }
        if (e.type() == TarConstants.LF_NORMAL) {
          entry.setSize(e.content().length);
        }
        tar.putArchiveEntry(entry);
        if (e.type() == TarConstants.LF_NORMAL) {
          tar.write(e.content());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }

  @Test
  void writtenDirectory_shouldReadBackTheSameFiles(@TempDir Path tmp) throws IOException {
    // GIVEN: a model directory with three files (one binary, one empty) and a sub-folder
    Path dir = Files.createDirectory(tmp.resolve("model"));
    byte[] onnx = new byte[70_000];
    for (int i = 0; i < onnx.length; i++) {
      onnx[i] = (byte) (i * 31 + 7);
    }
    Files.write(dir.resolve("model.onnx"), onnx);
    Files.writeString(dir.resolve("labels.txt"), "cat\ndog\n");
    Files.write(dir.resolve("empty.bin"), new byte[0]);
    Files.createDirectory(dir.resolve("checkpoints"));
    Files.writeString(dir.resolve("checkpoints").resolve("epoch-1.params"), "x");
    Path archive = tmp.resolve("model.tar.gz");

    // WHEN
    ModelArchive.write(dir, archive);
    Map<String, byte[]> files;
    try (InputStream in = Files.newInputStream(archive)) {
      files = ModelArchive.read(in, LIMIT);
    }

    // THEN: only the top-level files
    assertThat(files).containsOnlyKeys("empty.bin", "labels.txt", "model.onnx");
    assertThat(files.get("model.onnx")).isEqualTo(onnx);
    assertThat(new String(files.get("labels.txt"), StandardCharsets.UTF_8)).isEqualTo("cat\ndog\n");
    assertThat(files.get("empty.bin")).isEmpty();
  }

  @Test
  void entriesUnderDotSlash_shouldBeRead() throws IOException {
    // tar -C /opt/ml/model -czf model.tar.gz . writes ./ and ./name
    Map<String, byte[]> files =
        ModelArchive.read(
            tarGz(
                new Entry("./", TarConstants.LF_DIR, null, new byte[0]),
                Entry.file("./model.onnx", "onnx"),
                Entry.file("labels.txt", "cat")),
            LIMIT);

    assertThat(files).containsOnlyKeys("labels.txt", "model.onnx");
    assertThat(files.get("model.onnx")).isEqualTo("onnx".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void entryInAFolder_shouldBeRefused() {
    assertThatThrownBy(() -> ModelArchive.read(tarGz(Entry.file("sub/model.onnx", "x")), LIMIT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("sub/model.onnx");
    assertThatThrownBy(
            () ->
                ModelArchive.read(
                    tarGz(new Entry("sub/", TarConstants.LF_DIR, null, new byte[0])), LIMIT))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ModelArchive.read(tarGz(Entry.file("/etc/passwd", "x")), LIMIT))
        .isInstanceOf(IOException.class);
  }

  @Test
  void parentPath_shouldBeRefused() {
    assertThatThrownBy(() -> ModelArchive.read(tarGz(Entry.file("../model.onnx", "x")), LIMIT))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ModelArchive.read(tarGz(Entry.file("..", "x")), LIMIT))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ModelArchive.read(tarGz(Entry.file("./../model.onnx", "x")), LIMIT))
        .isInstanceOf(IOException.class);
  }

  @Test
  void symbolicLink_shouldBeRefused() {
    assertThatThrownBy(
            () ->
                ModelArchive.read(
                    tarGz(
                        new Entry(
                            "model.onnx", TarConstants.LF_SYMLINK, "/etc/passwd", new byte[0])),
                    LIMIT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.onnx");
  }

  @Test
  void hardLink_shouldBeRefused() {
    assertThatThrownBy(
            () ->
                ModelArchive.read(
                    tarGz(
                        Entry.file("labels.txt", "cat"),
                        new Entry("model.onnx", TarConstants.LF_LINK, "labels.txt", new byte[0])),
                    LIMIT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.onnx");
  }

  @Test
  void specialFiles_shouldBeRefused() {
    for (byte type : new byte[] {TarConstants.LF_FIFO, TarConstants.LF_CHR, TarConstants.LF_BLK}) {
      assertThatThrownBy(
              () ->
                  ModelArchive.read(tarGz(new Entry("model.onnx", type, null, new byte[0])), LIMIT))
          .as("type %c", (char) type)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void fileOverTheLimit_shouldBeRefused() {
    assertThatThrownBy(() -> ModelArchive.read(tarGz(Entry.file("model.onnx", "0123456789A")), 10))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than 10 bytes");
  }

  @Test
  void fileAtTheLimit_shouldBeRead() throws IOException {
    assertThat(ModelArchive.read(tarGz(Entry.file("model.onnx", "0123456789")), 10))
        .containsOnlyKeys("model.onnx");
  }
}
