package dev.menagerie.reports.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How the reports' figures read for people, on the dashboard and in the CLI: money as dollars with
 * sensible precision, counts with thousands separators, ratios as percentages. The JSON and CSV
 * reports keep the exact figures; only their renderings use these.
 */
public final class Figures {
  private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_UP);

  private Figures() {}

  /**
   * Dollars: cents from $1 up ({@code $1.82}, {@code $1,234.57}); below that three significant
   * digits, at least to the cent ({@code $0.0164}, {@code $0.50}), so a small cost does not read as
   * {@code $0.00}. Zero is {@code $0.00}.
   */
  public static String usd(double amount) {
    String sign = amount < 0 ? "-" : "";
    BigDecimal value = BigDecimal.valueOf(Math.abs(amount));
    if (value.compareTo(BigDecimal.ONE) >= 0 || value.signum() == 0) {
      return sign + "$" + grouped(value.setScale(2, RoundingMode.HALF_UP));
    }
    BigDecimal rounded = value.round(THREE_DIGITS).stripTrailingZeros();
    return sign + "$" + rounded.setScale(Math.max(2, rounded.scale())).toPlainString();
  }

  /** A unit price as it was set, every digit kept: {@code $0.0000166667}. */
  public static String price(double amount) {
    return "$" + BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
  }

  /** A whole number with thousands separators: {@code 12,345}. */
  public static String count(long value) {
    return grouped(BigDecimal.valueOf(value));
  }

  /**
   * A measured quantity: whole numbers as counts, others to three significant digits ({@code
   * 0.735}, {@code 12.3}), or to one decimal from 100 up ({@code 1,234.6}).
   */
  public static String quantity(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return count((long) value);
    }
    BigDecimal decimal = BigDecimal.valueOf(value);
    BigDecimal rounded =
        Math.abs(value) >= 100
            ? decimal.setScale(1, RoundingMode.HALF_UP)
            : decimal.round(THREE_DIGITS).stripTrailingZeros();
    return grouped(rounded);
  }

  /** A ratio in [0, 1] as a percentage with one decimal: {@code 57.1%}. */
  public static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  /** Any figure as it reads: numbers by {@link #quantity}, anything else as its text. */
  public static String of(Object value) {
    return value instanceof Number n ? quantity(n.doubleValue()) : String.valueOf(value);
  }

  private static String grouped(BigDecimal value) {
    DecimalFormat format =
        new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    format.setMinimumFractionDigits(Math.max(0, value.scale()));
    format.setMaximumFractionDigits(Math.max(0, value.scale()));
    return format.format(value);
  }
}
