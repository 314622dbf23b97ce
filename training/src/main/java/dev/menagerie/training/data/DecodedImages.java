package dev.menagerie.training.data;

import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.image.RgbImage;
import dev.menagerie.common.library.LabelledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Images decoded once, upright and resized to the model's input by the same {@link ImageDecoder}
 * the classify function uses, kept in memory as 8-bit RGB ({@code 3 × size²} bytes each). Images
 * that do not decode are skipped and listed.
 */
public record DecodedImages(
    List<RgbImage> images,
    int[] classes,
    boolean[] smallSubject,
    List<String> skipped,
    String fingerprint) {

  public int size() {
    return images.size();
  }

  /**
   * Decodes {@code items} (keys relative to {@code root}) whose label is in {@code classIndex};
   * others are skipped.
   */
  public static DecodedImages decode(
      Path root, List<LabelledImage> items, Map<String, Integer> classIndex, int inputSize)
      throws IOException {
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    List<RgbImage> images = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    List<Boolean> small = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    MessageDigest dataset = sha256();
    for (LabelledImage item : items) {
      Integer cls = classIndex.get(item.label());
      if (cls == null) {
        skipped.add(item.key() + ": label not in the training classes");
        continue;
      }
      byte[] bytes = Files.readAllBytes(root.resolve(item.key()));
      try {
        images.add(decoder.decode(bytes, inputSize, inputSize));
      } catch (MenagerieException e) {
        skipped.add(item.key() + ": " + e.code() + " " + e.getMessage());
        continue;
      }
      classes.add(cls);
      small.add(item.smallSubject());
      dataset.update(
          (item.key() + "\t" + HexFormat.of().formatHex(sha256().digest(bytes)) + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    boolean[] smallArray = new boolean[small.size()];
    for (int i = 0; i < smallArray.length; i++) {
      smallArray[i] = small.get(i);
    }
    return new DecodedImages(
        List.copyOf(images),
        classes.stream().mapToInt(Integer::intValue).toArray(),
        smallArray,
        List.copyOf(skipped),
        "sha256:" + HexFormat.of().formatHex(dataset.digest()));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
