package dev.menagerie.common.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A model as stored: a directory or S3 prefix holding {@value #ONNX_FILE}, {@value #LABELS_FILE} (a
 * JSON array, index = class) and {@value #CARD_FILE}. See {@code docs/model-format.md}.
 */
public record ModelBundle(byte[] onnx, List<String> labels, ModelCard card) {
  public static final String ONNX_FILE = "model.onnx";
  public static final String LABELS_FILE = "labels.json";
  public static final String CARD_FILE = "model-card.json";

  /** The three files, in the order they are uploaded (the card last: it marks completion). */
  public static final List<String> FILES = List.of(ONNX_FILE, LABELS_FILE, CARD_FILE);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ModelBundle {
    Objects.requireNonNull(onnx, "onnx");
    Objects.requireNonNull(card, "card");
    if (labels == null || labels.isEmpty()) {
      throw new IllegalArgumentException("model " + card.version() + " has no labels");
    }
    labels = List.copyOf(labels);
    if (new HashSet<>(labels).size() != labels.size()) {
      throw new IllegalArgumentException("model " + card.version() + " has duplicate labels");
    }
  }

  /** Parses the three files' bytes. */
  public static ModelBundle parse(byte[] onnx, byte[] labelsJson, byte[] cardJson) {
    try {
      List<String> labels = JSON.readValue(labelsJson, new TypeReference<List<String>>() {});
      ModelCard card = JSON.readValue(cardJson, ModelCard.class);
      return new ModelBundle(onnx, labels, card);
    } catch (IOException e) {
      throw new IllegalArgumentException("model files are not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Reads a model directory. */
  public static ModelBundle read(Path dir) throws IOException {
    try {
      return parse(
          Files.readAllBytes(dir.resolve(ONNX_FILE)),
          Files.readAllBytes(dir.resolve(LABELS_FILE)),
          Files.readAllBytes(dir.resolve(CARD_FILE)));
    } catch (NoSuchFileException e) {
      throw new IOException(
          dir + " is not a model directory: missing " + e.getFile() + " (expected " + FILES + ")",
          e);
    }
  }

  /** Writes the three files into {@code dir}, creating it. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(ONNX_FILE), onnx);
    Files.write(dir.resolve(LABELS_FILE), labelsJson());
    Files.write(dir.resolve(CARD_FILE), cardJson());
  }

  public byte[] labelsJson() {
    return toJson(labels);
  }

  public byte[] cardJson() {
    return toJson(card);
  }

  /** The bytes of one of {@link #FILES}. */
  public byte[] file(String name) {
    return switch (name) {
      case ONNX_FILE -> onnx;
      case LABELS_FILE -> labelsJson();
      case CARD_FILE -> cardJson();
      default -> throw new IllegalArgumentException("not a model file: " + name);
    };
  }

  private static byte[] toJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
