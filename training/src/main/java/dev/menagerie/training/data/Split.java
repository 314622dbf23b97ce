package dev.menagerie.training.data;

import dev.menagerie.common.library.LabelledImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic, stratified train/validation split: within each class, images are ordered by the
 * SHA-256 of their key and the first {@code fraction} (at least one, when the class has two or more
 * images) go to validation. The same library always splits the same way, whatever the seed; adding
 * an image moves at most that image's neighbours.
 */
public record Split(List<LabelledImage> train, List<LabelledImage> validation) {

  public static Split of(List<LabelledImage> images, double validationFraction) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validation fraction must be within (0, 1), was " + validationFraction);
    }
    Map<String, List<LabelledImage>> byLabel = new LinkedHashMap<>();
    images.forEach(i -> byLabel.computeIfAbsent(i.label(), k -> new ArrayList<>()).add(i));
    List<LabelledImage> train = new ArrayList<>();
    List<LabelledImage> validation = new ArrayList<>();
    for (List<LabelledImage> group : byLabel.values()) {
      List<LabelledImage> ordered = new ArrayList<>(group);
      ordered.sort(Comparator.comparing((LabelledImage i) -> hash(i.key())));
      int n =
          group.size() < 2 ? 0 : Math.max(1, (int) Math.round(group.size() * validationFraction));
      validation.addAll(ordered.subList(0, n));
      train.addAll(ordered.subList(n, ordered.size()));
    }
    train.sort(Comparator.comparing(LabelledImage::key));
    validation.sort(Comparator.comparing(LabelledImage::key));
    return new Split(List.copyOf(train), List.copyOf(validation));
  }

  static String hash(String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
