package dev.menagerie.pipeline.steps;

import java.io.IOException;

/**
 * One Task state of the training state machine ({@code statemachines/training.asl.json}): it takes
 * the Task's Payload bound to {@code I} and returns {@code O}, which the state machine sees as the
 * Payload of the result. The handler binds and writes the JSON; a step sees only records.
 */
public interface PipelineStep<I, O> {
  O run(I input) throws IOException;
}
