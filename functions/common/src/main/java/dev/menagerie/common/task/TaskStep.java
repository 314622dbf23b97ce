package dev.menagerie.common.task;

import java.io.IOException;

/**
 * One Task state of a state machine: it takes the Task's Payload bound to {@code I} and returns
 * {@code O}, which the state machine sees as the Payload of the result. The handler binds and
 * writes the JSON; a step sees only records.
 */
public interface TaskStep<I, O> {
  O run(I input) throws IOException;
}
