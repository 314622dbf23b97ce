/**
 * Writes ONNX models without an ONNX library: the protobuf messages are encoded by hand from the
 * public field numbers of the ONNX schema. Used by the training job's export and by tests and the
 * local cloud to generate small models in code.
 */
package dev.menagerie.onnx;
