package dev.menagerie.training;

/** One epoch's figures (a point of the curves in the model card). */
public record EpochStats(
    int epoch,
    double loss,
    double trainAccuracy,
    double validationAccuracy,
    double learningRate,
    double imagesPerSecond,
    double seconds) {}
