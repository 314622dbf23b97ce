package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The labelling commands print for people: unknown filters, archive and restore answers. */
class FilterCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void unknownFilter_shouldBeAUsageErrorListingTheFilters() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Path.of("."))
            .run(List.of("filter", "nonsense"));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown filter 'nonsense'")
        .contains(String.join(", ", FilterCommands.FILTER_NAMES));
  }

  @Test
  void archiveAnswers_shouldReadAsSentences() throws Exception {
    JsonNode dryRun =
        JSON.readTree(
            """
            {"dryRun":true,"modelVersion":"v1","criteria":{"below":0.2,"collection":"demo"},
             "count":7,"sample":["inbox/demo/a.jpg","inbox/demo/b.jpg","inbox/demo/c.jpg",
             "inbox/demo/d.jpg","inbox/demo/e.jpg","inbox/demo/f.jpg","inbox/demo/g.jpg"]}
            """);
    String text = FilterText.human(dryRun);
    assertThat(text)
        .startsWith("Would move 7 image(s) of inbox/demo/ scoring below 0.2 with model v1")
        .contains("  inbox/demo/e.jpg\n  ...\n")
        .doesNotContain("f.jpg", "{")
        .contains("A dry run: nothing moved. Add --yes");
    JsonNode moved =
        JSON.readTree(
            """
            {"dryRun":false,"modelVersion":"v1","criteria":{"below":0.2,"collection":"*"},
             "count":1,"sample":["inbox/x/a.jpg"],"batchId":"b-123"}
            """);
    assertThat(FilterText.human(moved))
        .startsWith("Moved 1 image(s) of every collection scoring below 0.2")
        .contains("./menagerie archive restore b-123 puts them back");
    assertThat(
            FilterText.human(
                JSON.readTree("{\"batchId\":\"b-123\",\"restored\":3,\"alreadyBack\":1}")))
        .isEqualTo("Restored 3 image(s) of batch b-123 to inbox/ (1 were back already)\n");
  }

  @Test
  void aPageReadFromAThrowAwayModel_shouldSaySo() throws Exception {
    JsonNode page =
        JSON.readTree(
            """
            {"filter":"low-count","modelVersion":"v9","criteria":{"modelVersionChosen":
             "the newest throw-away run (v9)"},"total":1,
             "items":[{"key":"inbox/demo/u1.jpg","label":"cross","confidence":0.61,
             "modelVersion":"v9"}],"next":null}
            """);
    assertThat(FilterText.human(page))
        .contains("inbox/demo/u1.jpg", "cross", "0.610", "1 result(s)")
        .contains("Model: the newest throw-away run (v9)");
  }
}
