package dev.menagerie.common.error;

import java.util.Objects;

/** The one exception type Menagerie code throws for failures with a known cause. */
public class MenagerieException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public MenagerieException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public MenagerieException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
