package dev.menagerie.reports.evaluation;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.util.Arrays;
import java.util.Locale;

/** What an evaluator says about a logged prediction. */
public enum Verdict {
  /** The top label was right. */
  CORRECT,
  /** The top label was wrong; the evaluation names the right one. */
  INCORRECT,
  /** The image cannot be judged (blurred, no animal, several); left out of accuracy. */
  UNUSABLE;

  public static Verdict parse(String text) {
    if (text != null) {
      for (Verdict v : values()) {
        if (v.name().equalsIgnoreCase(text.trim())) {
          return v;
        }
      }
    }
    throw new MenagerieException(
        ErrorCode.INVALID_PARAMETER,
        "verdict '"
            + text
            + "' is not one of "
            + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
