package dev.menagerie.pipeline.steps;

import dev.menagerie.common.task.TaskStep;

/**
 * One Task state of the training state machine ({@code statemachines/training.asl.json}): it takes
 * the Task's Payload bound to {@code I} and returns {@code O}, which the state machine sees as the
 * Payload of the result. The handler binds and writes the JSON ({@link
 * dev.menagerie.common.task.TaskRoutes}); a step sees only records.
 */
public interface PipelineStep<I, O> extends TaskStep<I, O> {}
