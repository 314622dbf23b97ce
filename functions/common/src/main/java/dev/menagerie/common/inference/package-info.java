/** Inference with ONNX Runtime: sessions checked against the serving contract, top-k results. */
package dev.menagerie.common.inference;
