/** The stored form of a model: ONNX graph, labels and model card. */
package dev.menagerie.common.model;
