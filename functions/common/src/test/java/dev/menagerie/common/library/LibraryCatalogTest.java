package dev.menagerie.common.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageFormat;
import dev.menagerie.common.image.ImageLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryCatalogTest {
  @TempDir Path dir;

  @Test
  void everyExtension_shouldBeTakenExactlyWhenTheDecoderReadsItsFormat() {
    int taken = 0;
    int skipped = 0;
    for (ImageFormat format : ImageFormat.values()) {
      for (String extension : format.extensions()) {
        // GIVEN a file of that extension (upper case too) in a label folder
        for (String name : List.of("x." + extension, "X." + extension.toUpperCase())) {
          // WHEN it is catalogued THEN it is an image exactly when the decoder decodes the format
          boolean isImage = LibraryCatalog.image("cat/" + name).isPresent();
          assertThat(isImage).as("cat/%s (%s)", name, format).isEqualTo(format.isDecodable());
          taken += isImage ? 1 : 0;
          skipped += isImage ? 0 : 1;
        }
      }
    }
    assertThat(taken).isEqualTo(2 * 5); // jpg, jpeg, png, gif, bmp
    assertThat(skipped).isPositive();
  }

  @Test
  void webp_shouldBeSkippedByTheCatalogBecauseTheDecoderRefusesIt() {
    // GIVEN the bytes of a WebP file: the decoder refuses them as an unsupported media type
    byte[] webp = "RIFF\0\0\0\0WEBPVP8L\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> new ImageDecoder(ImageLimits.DEFAULT).decode(webp))
        .isInstanceOfSatisfying(
            MenagerieException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
    // WHEN a library holds it beside a JPEG
    LibraryCatalog.Scan scan = LibraryCatalog.scan(List.of("cat/a.jpg", "cat/b.webp"), Map.of());
    // THEN only the JPEG is an image, and the WebP is skipped with the reason
    assertThat(scan.images()).extracting(LabelledImage::key).containsExactly("cat/a.jpg");
    assertThat(scan.skipped())
        .containsExactly(
            new LibraryCatalog.Skipped(
                "cat/b.webp",
                "WEBP is a format the image decoder does not read (the library takes .jpg, .jpeg,"
                    + " .png, .gif, .bmp)"));
  }

  @Test
  void keys_shouldGiveLabelOriginAndFlags() {
    // GIVEN keys in each origin's folder and a flag for one of them
    Map<String, ImageFlags> flags =
        Map.of("gnu/staged/zoo/g.png", new ImageFlags(true, "g7", "holdout"));
    // WHEN they are scanned
    LibraryCatalog.Scan scan =
        LibraryCatalog.scan(
            List.of("gnu/synthetic/s.gif", "gnu/staged/zoo/g.png", "gnu/field/f.bmp", "gnu/r.jpeg"),
            flags);
    // THEN origins come from the folder right under the label, flags from the manifest, by key
    assertThat(scan.images())
        .containsExactly(
            new LabelledImage("gnu/field/f.bmp", "gnu", Origin.REAL, ImageFlags.NONE),
            new LabelledImage("gnu/r.jpeg", "gnu", Origin.REAL, ImageFlags.NONE),
            new LabelledImage(
                "gnu/staged/zoo/g.png",
                "gnu",
                Origin.STAGED,
                new ImageFlags(true, "g7", "holdout")),
            new LabelledImage("gnu/synthetic/s.gif", "gnu", Origin.SYNTHETIC, ImageFlags.NONE));
    assertThat(scan.skipped()).isEmpty();
  }

  @Test
  void hiddenMetaAndFolderMarkers_shouldBePassedOverSilently() {
    LibraryCatalog.Scan scan =
        LibraryCatalog.scan(
            List.of(
                "_meta/images.jsonl",
                "cat/",
                "cat/.DS_Store",
                "cat/_rejected/r.jpg",
                ".git/config",
                "cat//double.jpg"),
            Map.of());
    assertThat(scan.images()).isEmpty();
    assertThat(scan.skipped()).isEmpty();
  }

  @Test
  void folder_shouldBeScannedWithItsManifestAndReportWhatItSkips() throws IOException {
    // GIVEN a library folder with a JPEG, a WebP, a text file, a hidden file and a manifest
    write("cat/a.jpg", "not decoded here");
    write("cat/staged/b.JPG", "x");
    write("cat/c.webp", "x");
    write("dog/readme.txt", "x");
    write("dog/.hidden.jpg", "x");
    write("_meta/images.jsonl", "{\"key\":\"cat/staged/b.JPG\",\"smallSubject\":true}\n");
    // WHEN it is scanned
    LibraryCatalog.Scan scan = LibraryCatalog.scanFolder(dir);
    // THEN the same rule as for bucket keys applies, and each image's file is root/key
    assertThat(scan.images())
        .containsExactly(
            new LabelledImage("cat/a.jpg", "cat", Origin.REAL, ImageFlags.NONE),
            new LabelledImage(
                "cat/staged/b.JPG", "cat", Origin.STAGED, new ImageFlags(true, null, null)));
    assertThat(dir.resolve(scan.images().get(0).key())).isRegularFile();
    assertThat(scan.skipped())
        .extracting(LibraryCatalog.Skipped::toString)
        .containsExactly(
            "cat/c.webp: WEBP is a format the image decoder does not read (the library takes"
                + " .jpg, .jpeg, .png, .gif, .bmp)",
            "dog/readme.txt: not an image file name (the library takes .jpg, .jpeg, .png, .gif,"
                + " .bmp)");
  }

  @Test
  void notAFolder_shouldBeAnIoErrorNamingIt() {
    assertThatThrownBy(() -> LibraryCatalog.scanFolder(dir.resolve("missing")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing is not a directory");
  }

  private void write(String key, String content) throws IOException {
    Path file = dir.resolve(key);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
