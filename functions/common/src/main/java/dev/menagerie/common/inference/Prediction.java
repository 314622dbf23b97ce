package dev.menagerie.common.inference;

/** One class and the model's probability for it. */
public record Prediction(String label, float confidence) {}
