package dev.menagerie.common.inference;

/** A model that does not meet the serving contract (see docs/model-format.md). */
public final class InvalidModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
