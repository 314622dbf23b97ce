package dev.menagerie.training;

import dev.menagerie.common.model.ModelCard;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.InceptionV4;
import dev.menagerie.training.data.Augmentation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training job's hyperparameters. On SageMaker they come from {@code hyperparameters.json}
 * (every value a string); locally from flags. Names are those of {@link #KEYS}.
 */
public record Hyperparameters(
    String architecture,
    float width,
    int inputSize,
    float dropout,
    int epochs,
    int patience,
    int batchSize,
    float learningRate,
    int warmupEpochs,
    float weightDecay,
    long seed,
    Augmentation augmentation,
    double validationFraction,
    String version,
    float bnGamma,
    int preciseBnImages,
    float bnEpsilon,
    float bodyLearningRateFactor,
    String blocks,
    String precision) {

  /** Every key accepted in {@code hyperparameters.json}, with its default. */
  public static final Map<String, String> KEYS = defaults();

  public Hyperparameters {
    Architecture.named(architecture, 1); // validates the name
    require(epochs >= 1, "epochs must be at least 1, was " + epochs);
    require(patience >= 1, "patience must be at least 1, was " + patience);
    require(batchSize >= 2, "batch_size must be at least 2, was " + batchSize);
    require(
        learningRate > 0 && learningRate < 1,
        "learning_rate must be in (0, 1), was " + learningRate);
    require(
        weightDecay >= 0 && weightDecay < 1, "weight_decay must be in [0, 1), was " + weightDecay);
    require(bnGamma > 0 && bnGamma <= 10, "bn_gamma must be in (0, 10], was " + bnGamma);
    require(
        bnEpsilon == 0f || (bnEpsilon > 0f && bnEpsilon <= 10f),
        "bn_epsilon must be in (0, 10], was " + bnEpsilon);
    require(
        bodyLearningRateFactor > 0f && bodyLearningRateFactor <= 1f,
        "body_learning_rate_factor must be in (0, 1], was " + bodyLearningRateFactor);
    if (!blocks.isBlank()) {
      Architecture.Blocks.parse(blocks); // validates
    }
    require(
        precision.equals(ModelCard.FP32) || precision.equals(ModelCard.INT8),
        "precision must be fp32 or int8, was '" + precision + "'");
    require(preciseBnImages >= 0, "precise_bn_images must be at least 0, was " + preciseBnImages);
  }

  private static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("config", "inception_v4_small");
    m.put("width", "");
    m.put("input_size", "");
    m.put("dropout", "");
    // Inception-A,-B,-C block counts a,b,c (blank: the configuration's; the paper's 4,7,3)
    m.put("blocks", "");
    m.put("epochs", "40");
    m.put("patience", "6");
    m.put("batch_size", "32");
    m.put("learning_rate", "0.002");
    m.put("warmup_epochs", "0");
    m.put("weight_decay", "0.0001");
    m.put("seed", "42");
    m.put("flip", "true");
    m.put("rotation", "10");
    m.put("zoom_min", "0.9");
    m.put("zoom_max", "1.15");
    m.put("validation_fraction", "0.2");
    // every BatchNorm's scale at initialisation (from scratch only); see training/README.md
    m.put("bn_gamma", "1.0");
    // BatchNorm epsilon (blank: the configuration's; part of the architecture, so a warm start
    // keeps its base's)
    m.put("bn_epsilon", "");
    // on a warm start, the learning rate of every layer below the new head, as a share of the
    // head's (learning_rate); 1: the body learns as fast as the fresh head. 0.25 held the shallow
    // small network back (training/README.md, "The factor")
    m.put("body_learning_rate_factor", "1.0");
    // training images whose batch statistics replace the BatchNorms' running statistics before
    // each validation (0: keep the running averages); see BatchNormRecalibration
    m.put("precise_bn_images", "512");
    m.put("version", "");
    // int8: model.onnx is the QDQ int8 graph, calibrated on training images (docs/int8.md)
    m.put("precision", ModelCard.FP32);
    return Map.copyOf(m);
  }

  /** The defaults, overridden by {@code values} (string values, as SageMaker passes them). */
  public static Hyperparameters from(Map<String, String> values) {
    Map<String, String> v = new TreeMap<>(KEYS);
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().startsWith("sagemaker_")) {
        continue;
      }
      if (!KEYS.containsKey(e.getKey())) {
        throw new IllegalArgumentException(
            "unknown hyperparameter '"
                + e.getKey()
                + "'; expected one of "
                + List.copyOf(new TreeMap<>(KEYS).keySet()));
      }
      v.put(e.getKey(), e.getValue());
    }
    try {
      return new Hyperparameters(
          v.get("config"),
          v.get("width").isBlank() ? 0f : Float.parseFloat(v.get("width").trim()),
          v.get("input_size").isBlank() ? 0 : Integer.parseInt(v.get("input_size").trim()),
          v.get("dropout").isBlank() ? -1f : Float.parseFloat(v.get("dropout").trim()),
          Integer.parseInt(v.get("epochs").trim()),
          Integer.parseInt(v.get("patience").trim()),
          Integer.parseInt(v.get("batch_size").trim()),
          Float.parseFloat(v.get("learning_rate").trim()),
          Integer.parseInt(v.get("warmup_epochs").trim()),
          Float.parseFloat(v.get("weight_decay").trim()),
          Long.parseLong(v.get("seed").trim()),
          new Augmentation(
              bool(v.get("flip")),
              Float.parseFloat(v.get("rotation").trim()),
              Float.parseFloat(v.get("zoom_min").trim()),
              Float.parseFloat(v.get("zoom_max").trim())),
          Double.parseDouble(v.get("validation_fraction").trim()),
          v.get("version").trim(),
          Float.parseFloat(v.get("bn_gamma").trim()),
          Integer.parseInt(v.get("precise_bn_images").trim()),
          v.get("bn_epsilon").isBlank() ? 0f : Float.parseFloat(v.get("bn_epsilon").trim()),
          Float.parseFloat(v.get("body_learning_rate_factor").trim()),
          v.get("blocks").trim(),
          v.get("precision").trim().toLowerCase(java.util.Locale.ROOT));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a hyperparameter is not a number: " + e.getMessage(), e);
    }
  }

  /**
   * The architecture these hyperparameters ask for: the named configuration, with the width and
   * input size overridden when given.
   */
  public Architecture architectureFor(int classes) {
    Architecture named = Architecture.named(architecture, classes);
    return InceptionV4.builder()
        .setClasses(classes)
        .optName(named.name())
        .optWidth(width == 0f ? named.width() : width)
        .optInputSize(inputSize == 0 ? named.inputSize() : inputSize)
        .optDropout(dropout < 0 ? named.dropout() : dropout)
        .optBatchNormEpsilon(bnEpsilon == 0f ? named.batchNormEpsilon() : bnEpsilon)
        .optBlocks(blocks.isBlank() ? named.blocks() : Architecture.Blocks.parse(blocks))
        .build();
  }

  /** The values as strings, keyed as in {@link #KEYS} (for the model card). */
  public Map<String, String> asMap() {
    Map<String, String> m = new TreeMap<>();
    m.put("config", architecture);
    m.put("width", width == 0f ? "" : Float.toString(width));
    m.put("input_size", inputSize == 0 ? "" : Integer.toString(inputSize));
    m.put("dropout", dropout < 0 ? "" : Float.toString(dropout));
    m.put("blocks", blocks);
    m.put("epochs", Integer.toString(epochs));
    m.put("patience", Integer.toString(patience));
    m.put("batch_size", Integer.toString(batchSize));
    m.put("learning_rate", Float.toString(learningRate));
    m.put("warmup_epochs", Integer.toString(warmupEpochs));
    m.put("weight_decay", Float.toString(weightDecay));
    m.put("seed", Long.toString(seed));
    m.put("flip", Boolean.toString(augmentation.flip()));
    m.put("rotation", Float.toString(augmentation.rotationDegrees()));
    m.put("zoom_min", Float.toString(augmentation.zoomMin()));
    m.put("zoom_max", Float.toString(augmentation.zoomMax()));
    m.put("validation_fraction", Double.toString(validationFraction));
    m.put("bn_gamma", Float.toString(bnGamma));
    m.put("precise_bn_images", Integer.toString(preciseBnImages));
    m.put("bn_epsilon", bnEpsilon == 0f ? "" : Float.toString(bnEpsilon));
    m.put("body_learning_rate_factor", Float.toString(bodyLearningRateFactor));
    m.put("version", version);
    m.put("precision", precision);
    return m;
  }

  private static boolean bool(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("flip must be true or false, was '" + s + "'");
    };
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
