package dev.menagerie.pipeline.steps;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.inference.Classifier;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.pipeline.Scored;
import dev.menagerie.pipeline.steps.PrepareDataset.EvaluationItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores images with several models in one pass: each image is read once and decoded once per input
 * size; an image that does not decode (or is larger than the classify function takes) is left out
 * for every model, so the scores stay paired.
 */
final class ShardScorer {
  private final RunArtifacts artifacts;
  private final ModelRegistry registry;
  private final ModelRepository repository;
  private final ImageDecoder decoder;
  private final long maxImageBytes;

  ShardScorer(
      RunArtifacts artifacts,
      ModelRegistry registry,
      ModelRepository repository,
      ImageDecoder decoder,
      long maxImageBytes) {
    this.artifacts = artifacts;
    this.registry = registry;
    this.repository = repository;
    this.decoder = decoder;
    this.maxImageBytes = maxImageBytes;
  }

  /** One model's labels and its scores on a shard's images. */
  record ModelScores(List<String> labels, List<Scored> scored) {}

  /** The scores of {@code items} by each of {@code versions}, in that order. */
  List<ModelScores> score(List<String> versions, List<EvaluationItem> items) {
    List<Classifier> classifiers = new ArrayList<>();
    try {
      for (String version : versions) {
        ModelRecord record =
            registry
                .get(version)
                .orElseThrow(
                    () ->
                        new MenagerieException(ErrorCode.NOT_FOUND, "no model version " + version));
        classifiers.add(
            Classifier.load(repository.download(record.location()), InferenceOptions.defaults()));
      }
      List<List<Scored>> scored = new ArrayList<>();
      classifiers.forEach(c -> scored.add(new ArrayList<>()));
      for (EvaluationItem item : items) {
        byte[] bytes = artifacts.bytes(item.key());
        if (bytes.length > maxImageBytes) {
          continue; // the classify function would refuse it too
        }
        List<float[]> inputs = new ArrayList<>();
        Map<String, float[]> bySize = new HashMap<>();
        try {
          for (Classifier c : classifiers) {
            inputs.add(
                bySize.computeIfAbsent(
                    c.inputWidth() + "x" + c.inputHeight(),
                    size -> decoder.decode(bytes, c.inputWidth(), c.inputHeight()).toChw()));
          }
        } catch (MenagerieException e) {
          continue; // not an image the system can read: not evaluable for either model
        }
        for (int m = 0; m < classifiers.size(); m++) {
          Classifier c = classifiers.get(m);
          List<Prediction> top = c.classify(inputs.get(m), Math.min(5, c.labels().size()));
          scored
              .get(m)
              .add(
                  new Scored(
                      item.key(),
                      item.set(),
                      item.label(),
                      top.stream().map(Prediction::label).toList(),
                      top.stream().map(p -> (double) p.confidence()).toList()));
        }
      }
      List<ModelScores> out = new ArrayList<>();
      for (int m = 0; m < classifiers.size(); m++) {
        out.add(new ModelScores(classifiers.get(m).labels(), scored.get(m)));
      }
      return out;
    } finally {
      classifiers.forEach(Classifier::close);
    }
  }
}
