package dev.menagerie.reports.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void quotedFieldsAndCrLf_shouldParseAsRfc4180() {
    String text = "\uFEFFa,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,,\n";

    assertThat(Csv.parse(text))
        .containsExactly(
            List.of("a", "b", "c"), List.of("1", "x, y", "say \"hi\""), List.of("2", "", ""));
  }

  @Test
  void line_shouldQuoteOnlyWhatNeedsIt() {
    assertThat(Csv.line(List.of("plain", "a,b", "q\"t", 3)))
        .isEqualTo("plain,\"a,b\",\"q\"\"t\",3\n");
    assertThat(Csv.parse(Csv.line(List.of("plain", "a,b", "q\"t"))))
        .containsExactly(List.of("plain", "a,b", "q\"t"));
  }
}
