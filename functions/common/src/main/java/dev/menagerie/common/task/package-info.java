/**
 * What the Step Functions task handlers share: a step takes and returns records ({@link
 * dev.menagerie.common.task.TaskStep}), a table routes a Task's {@code action} to its step ({@link
 * dev.menagerie.common.task.TaskRoute}), and {@link dev.menagerie.common.task.TaskRoutes} binds the
 * Payload to the step's input and hands back its output: JSON only at the handler's edge.
 */
package dev.menagerie.common.task;
