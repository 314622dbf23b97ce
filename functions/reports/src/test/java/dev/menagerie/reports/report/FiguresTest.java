package dev.menagerie.reports.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Figures as people read them: dollars, counts, quantities, percentages. */
class FiguresTest {
  @Test
  void usd_shouldShowCentsFromADollarAndThreeDigitsBelow() {
    assertThat(Figures.usd(1.816667)).isEqualTo("$1.82");
    assertThat(Figures.usd(1234.567)).isEqualTo("$1,234.57");
    assertThat(Figures.usd(0.01635)).isEqualTo("$0.0164");
    assertThat(Figures.usd(0.5)).isEqualTo("$0.50");
    assertThat(Figures.usd(0.0000123456)).isEqualTo("$0.0000123");
    assertThat(Figures.usd(0.9999)).isEqualTo("$1.00");
    assertThat(Figures.usd(0)).isEqualTo("$0.00");
    assertThat(Figures.usd(-0.01635)).isEqualTo("-$0.0164");
  }

  @Test
  void price_shouldKeepEveryDigitWithoutExponent() {
    assertThat(Figures.price(0.0000166667)).isEqualTo("$0.0000166667");
    assertThat(Figures.price(2e-7)).isEqualTo("$0.0000002");
  }

  @Test
  void countAndQuantity_shouldGroupThousands() {
    assertThat(Figures.count(12345)).isEqualTo("12,345");
    assertThat(Figures.count(999)).isEqualTo("999");
    assertThat(Figures.quantity(1234.567891)).isEqualTo("1,234.6");
    assertThat(Figures.quantity(0.735)).isEqualTo("0.735");
    assertThat(Figures.quantity(12.345678)).isEqualTo("12.3");
    assertThat(Figures.quantity(0.912345)).isEqualTo("0.912");
    assertThat(Figures.quantity(1000.0)).isEqualTo("1,000");
  }

  @Test
  void percent_shouldShowOneDecimal() {
    assertThat(Figures.percent(0.5714)).isEqualTo("57.1%");
    assertThat(Figures.percent(1)).isEqualTo("100.0%");
  }

  @Test
  void of_shouldRenderNumbersAndLeaveTheRest() {
    assertThat(Figures.of(1052)).isEqualTo("1,052");
    assertThat(Figures.of("s3://x")).isEqualTo("s3://x");
  }
}
