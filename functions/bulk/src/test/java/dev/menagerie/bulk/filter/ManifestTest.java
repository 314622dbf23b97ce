package dev.menagerie.bulk.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.Identification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private static final Identification IDENTIFIED =
      new Identification(
          "field",
          "inbox/field/a, \"quoted\".jpg",
          "e1",
          "v1",
          Identification.Status.IDENTIFIED,
          List.of(new Prediction("zebra", 0.75f), new Prediction("okapi", 0.25f)),
          Optional.empty(),
          Optional.empty(),
          Instant.parse("2026-11-29T12:00:00Z"),
          Optional.of("run-1"),
          Optional.empty());
  private static final Identification FAILED =
      new Identification(
          "field",
          "inbox/field/b.jpg",
          "e2",
          "v1",
          Identification.Status.ERROR,
          List.of(),
          Optional.of("CORRUPT_IMAGE"),
          Optional.of("truncated"),
          Instant.parse("2026-11-29T12:00:01Z"),
          Optional.empty(),
          Optional.empty());

  @Test
  void csv_shouldHaveAHeaderAndQuoteFieldsThatNeedIt() {
    String csv =
        new String(
            Manifest.render(List.of(IDENTIFIED, FAILED), Manifest.Format.CSV),
            StandardCharsets.UTF_8);
    assertThat(csv)
        .isEqualTo(
            "key,collection,label,confidence,modelVersion,etag\n"
                + "\"inbox/field/a, \"\"quoted\"\".jpg\",field,zebra,0.75,v1,e1\n"
                + "inbox/field/b.jpg,field,,,v1,e2\n");
  }

  @Test
  void jsonLines_shouldHoldOneEntryPerImageWithTopKAndRun() throws Exception {
    String[] lines =
        new String(
                Manifest.render(List.of(IDENTIFIED, FAILED), Manifest.Format.JSONL),
                StandardCharsets.UTF_8)
            .split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.path("key").asText()).isEqualTo("inbox/field/a, \"quoted\".jpg");
    assertThat(first.path("label").asText()).isEqualTo("zebra");
    assertThat(first.path("topK").get(1).path("label").asText()).isEqualTo("okapi");
    assertThat(first.path("runId").asText()).isEqualTo("run-1");
    assertThat(first.path("identifiedAt").asText()).isEqualTo("2026-11-29T12:00:00Z");
    JsonNode second = new ObjectMapper().readTree(lines[1]);
    assertThat(second.has("label")).isFalse();
    assertThat(second.has("runId")).isFalse();
    assertThat(second.path("topK")).isEmpty();
  }

  @Test
  void format_shouldAcceptItsNamesAndRefuseOthers() {
    assertThat(Manifest.Format.of(null)).isEqualTo(Manifest.Format.JSONL);
    assertThat(Manifest.Format.of("NDJSON")).isEqualTo(Manifest.Format.JSONL);
    assertThat(Manifest.Format.of("csv").contentType()).isEqualTo("text/csv");
    assertThatThrownBy(() -> Manifest.Format.of("xml"))
        .isInstanceOf(MenagerieException.class)
        .hasMessage("format=xml is not jsonl or csv");
  }
}
