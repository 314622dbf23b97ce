package dev.menagerie.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.reports.report.ReportPeriod;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The report routes' period parameters ({@code from}, {@code to}, {@code model}) alone, without a
 * table behind them, so the fuzzer runs thousands of inputs a second ({@link ReportQueryFuzzTest}
 * drives the whole handler on the local cloud, at a few a second): any values give a period of 1 to
 * 366 days or an INVALID_PARAMETER.
 */
class ReportPeriodFuzzTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

  @FuzzTest(maxDuration = "2m")
  void period_shouldBeBoundedOrInvalid(FuzzedDataProvider data) {
    Map<String, String> query = ApiQueryFuzzing.query(data, new String[] {"from", "to", "model"});
    try {
      ReportPeriod period = ReportPeriod.fromQuery(query, TODAY);
      long days = ChronoUnit.DAYS.between(period.from(), period.to()) + 1;
      assertThat(days).isBetween(1L, (long) ReportPeriod.MAX_DAYS);
      period.model().ifPresent(m -> assertThat(m).isNotBlank());
    } catch (MenagerieException e) {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_PARAMETER);
    }
  }
}
