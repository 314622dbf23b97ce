package dev.menagerie.common.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a model says about itself ({@code model-card.json}): its version, architecture, the input
 * size the graph expects, the model it was warm-started from, and its metrics. {@code details}
 * holds the rest (per-epoch curves, dataset fingerprint, hyperparameters) as free-form JSON. {@code
 * precision} says how the graph computes: {@value #FP32} (the default) or {@value #INT8}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
    String version,
    String architecture,
    InputSize input,
    String parent,
    String createdAt,
    Map<String, Object> metrics,
    Map<String, Object> details,
    String precision) {

  /** Versions are used in S3 keys and table keys: keep them plain. */
  public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** The precision of a float graph (also what a card without {@code precision} means). */
  public static final String FP32 = "fp32";

  /** The precision of a graph whose convolutions run in int8 (QDQ, see docs/model-format.md). */
  public static final String INT8 = "int8";

  /** The largest input side a card may declare. */
  public static final int MAX_INPUT_SIDE = 2048;

  public ModelCard {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "model version '" + version + "' must match " + VERSION.pattern());
    }
    if (input == null) {
      throw new IllegalArgumentException("model card for " + version + " has no input size");
    }
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    details = details == null ? Map.of() : Map.copyOf(details);
    if (precision == null) {
      precision = FP32;
    } else if (!precision.equals(FP32) && !precision.equals(INT8)) {
      throw new IllegalArgumentException(
          "model card for "
              + version
              + " has precision '"
              + precision
              + "', expected fp32 or int8");
    }
  }

  /** A float (fp32) model's card. */
  public ModelCard(
      String version,
      String architecture,
      InputSize input,
      String parent,
      String createdAt,
      Map<String, Object> metrics,
      Map<String, Object> details) {
    this(version, architecture, input, parent, createdAt, metrics, details, FP32);
  }

  /** This card with another precision, metrics and details (the rest unchanged). */
  public ModelCard withPrecision(
      String newPrecision, Map<String, Object> newMetrics, Map<String, Object> newDetails) {
    return new ModelCard(
        version, architecture, input, parent, createdAt, newMetrics, newDetails, newPrecision);
  }

  /** This card under another version (the rest unchanged). */
  public ModelCard withVersion(String newVersion) {
    return new ModelCard(
        newVersion, architecture, input, parent, createdAt, metrics, details, precision);
  }

  /** The image size the model's graph takes. */
  public record InputSize(int width, int height) {
    public InputSize {
      if (width < 1 || height < 1 || width > MAX_INPUT_SIDE || height > MAX_INPUT_SIDE) {
        throw new IllegalArgumentException(
            "input size " + width + "x" + height + " must be within 1.." + MAX_INPUT_SIDE);
      }
    }
  }
}
