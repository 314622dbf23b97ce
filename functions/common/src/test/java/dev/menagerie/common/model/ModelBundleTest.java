package dev.menagerie.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @TempDir Path dir;

  @Test
  void writeThenRead_shouldGiveTheSameModel() throws Exception {
    ModelBundle bundle =
        new ModelBundle(
            new byte[] {8, 1, 2},
            List.of("cat", "dog"),
            new ModelCard(
                "v2",
                "inception_v4_small",
                new ModelCard.InputSize(96, 96),
                "v1",
                "2026-11-29T00:00:00Z",
                Map.of("accuracy", 0.93),
                Map.of("curves", List.of(1, 2))));

    bundle.write(dir);
    ModelBundle read = ModelBundle.read(dir);

    assertThat(read.onnx()).containsExactly(8, 1, 2);
    assertThat(read.labels()).containsExactly("cat", "dog");
    assertThat(read.card()).isEqualTo(bundle.card());
  }

  @Test
  void read_aDirectoryMissingAFile_shouldNameIt() throws Exception {
    Files.write(dir.resolve("model.onnx"), new byte[] {1});
    assertThatThrownBy(() -> ModelBundle.read(dir)).hasMessageContaining("labels.json");
  }

  @Test
  void parse_unknownCardFields_shouldBeIgnored_andBadVersionsRefused() {
    byte[] labels = "[\"a\"]".getBytes(StandardCharsets.UTF_8);
    String card = "{\"version\":\"%s\",\"input\":{\"width\":4,\"height\":4},\"future\":true}";
    assertThat(
            ModelBundle.parse(
                    new byte[0],
                    labels,
                    String.format(card, "ok-1").getBytes(StandardCharsets.UTF_8))
                .card()
                .version())
        .isEqualTo("ok-1");
    assertThatThrownBy(
            () ->
                ModelBundle.parse(
                    new byte[0],
                    labels,
                    String.format(card, "../escape").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("../escape");
  }

  @Test
  void withVersion_shouldChangeOnlyTheVersion() {
    ModelCard card =
        new ModelCard(
                "v1",
                "x",
                new ModelCard.InputSize(4, 4),
                "v0",
                "2026-12-04T00:00:00Z",
                Map.of("accuracy", 0.5),
                Map.of("note", "n"))
            .withPrecision("int8", Map.of("accuracy", 0.49), Map.of("note", "q"));

    ModelCard renamed = card.withVersion("v1-int8");

    assertThat(renamed.version()).isEqualTo("v1-int8");
    assertThat(renamed).usingRecursiveComparison().ignoringFields("version").isEqualTo(card);
  }

  @Test
  void duplicateLabels_shouldBeRefused() {
    ModelCard card =
        new ModelCard("v1", "x", new ModelCard.InputSize(4, 4), null, null, null, null);
    assertThatThrownBy(() -> new ModelBundle(new byte[0], List.of("a", "a"), card))
        .hasMessageContaining("duplicate");
  }
}
