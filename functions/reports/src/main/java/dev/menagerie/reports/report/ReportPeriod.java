package dev.menagerie.reports.report;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The days a report covers (UTC, both ends included) and, optionally, one model version. */
public record ReportPeriod(LocalDate from, LocalDate to, Optional<String> model) {
  public static final int DEFAULT_DAYS = 30;
  public static final int MAX_DAYS = 366;
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  public ReportPeriod {
    if (to.isBefore(from)) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "from " + from + " is after to " + to);
    }
    if (from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "a report covers at most " + MAX_DAYS + " days");
    }
  }

  /** From query parameters {@code from}, {@code to} (YYYY-MM-DD) and {@code model}. */
  public static ReportPeriod fromQuery(Map<String, String> query, LocalDate today) {
    Map<String, String> q = query == null ? Map.of() : query;
    LocalDate to = date(q, "to").orElse(today);
    LocalDate from = date(q, "from").orElse(to.minusDays(DEFAULT_DAYS - 1L));
    // strip, not trim: a model of Unicode spaces (found by fuzzing) is no model
    Optional<String> model =
        Optional.ofNullable(q.get("model")).map(String::strip).filter(m -> !m.isEmpty());
    return new ReportPeriod(from, to, model);
  }

  private static Optional<LocalDate> date(Map<String, String> q, String name) {
    String raw = q.get(name);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    // exactly YYYY-MM-DD: LocalDate.parse also takes years like +999999999, whose day arithmetic
    // (the default range, the 366-day check) overflows LocalDate and threw a 500
    String text = raw.trim();
    try {
      if (!DATE.matcher(text).matches()) {
        throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
      }
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, name + " '" + raw + "' is not a date (YYYY-MM-DD)");
    }
  }
}
