package dev.menagerie.reports.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportPeriodTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

  @ParameterizedTest
  @ValueSource(
      strings = {"+999999999-12-31", "-999999999-01-01", "+10000-01-01", "2026-1-1", "yesterday"})
  void dateNotWrittenYyyyMmDd_shouldBeInvalidParameter(String date) {
    // the signed years once overflowed LocalDate in the default range and the 366-day check (a 500)
    for (String name : new String[] {"from", "to"}) {
      assertThatThrownBy(() -> ReportPeriod.fromQuery(Map.of(name, date), TODAY))
          .isInstanceOfSatisfying(
              MenagerieException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
    }
  }

  @Test
  void extremeFourDigitYears_shouldBeBoundedOrRefused() {
    ReportPeriod first = ReportPeriod.fromQuery(Map.of("to", "0000-01-01"), TODAY);
    assertThat(first.from()).isEqualTo(LocalDate.of(0, 1, 1).minusDays(29));
    ReportPeriod last =
        ReportPeriod.fromQuery(Map.of("from", "9999-12-31", "to", "9999-12-31"), TODAY);
    assertThat(last.from()).isEqualTo(last.to());
  }

  @Test
  void modelOfUnicodeSpaces_shouldBeNoModel() {
    // found by ReportPeriodFuzzTest: trim() kept U+2003 and filtered on a model named " "
    assertThat(ReportPeriod.fromQuery(Map.of("model", "\u2003 \u3000"), TODAY).model()).isEmpty();
  }
}
