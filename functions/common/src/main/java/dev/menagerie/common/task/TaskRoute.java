package dev.menagerie.common.task;

/**
 * One {@code action} of a task handler: {@code part} of the Payload (a field name, or {@link
 * #WHOLE_PAYLOAD}) bound to {@code input}, and the {@code output} the step returns. The ASL
 * contract tests read the same routes.
 */
public record TaskRoute<I, O>(String part, Class<I> input, Class<O> output, TaskStep<I, O> step) {
  /** The {@code part} that binds the whole Payload. */
  public static final String WHOLE_PAYLOAD = "";

  /** A route binding the whole Payload to {@code input}. */
  public static <I, O> TaskRoute<I, O> of(Class<I> input, Class<O> output, TaskStep<I, O> step) {
    return new TaskRoute<>(WHOLE_PAYLOAD, input, output, step);
  }
}
