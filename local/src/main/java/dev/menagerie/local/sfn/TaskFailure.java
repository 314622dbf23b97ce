package dev.menagerie.local.sfn;

/**
 * A local task that failed with a Step Functions error name (such as {@code States.TaskFailed}), so
 * that Retry and Catch match it as they would on AWS; {@code getMessage()} is the cause.
 */
public final class TaskFailure extends RuntimeException {
  private final String error;

  public TaskFailure(String error, String cause) {
    super(cause);
    this.error = error;
  }

  public String error() {
    return error;
  }
}
