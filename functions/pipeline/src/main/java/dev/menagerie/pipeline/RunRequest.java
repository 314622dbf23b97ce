package dev.menagerie.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A training run's input, as the state machine receives it (every field optional):
 *
 * <pre>
 * {"name": "zoo-weekly", "cutoff": 40, "throwAway": false, "baseModel": "production",
 *  "epochs": 40, "patience": 6, "seed": 42,
 *  "augmentation": {"flip": true, "rotation": 10, "zoomMin": 0.9, "zoomMax": 1.15},
 *  "instanceType": "ml.g5.xlarge", "spot": true, "maxRuntimeSeconds": 86400,
 *  "hyperparameters": {"batch_size": "32"},
 *  "decision": {"margin": 0.01, "maxClassRegression": 0.1, "significance": 0.05,
 *               "minimumAccuracy": 0.6, "minClassSupport": 5}}
 * </pre>
 *
 * Training fields left out take the training job's defaults, but for the epoch budget, which
 * follows the base: {@link #FROM_SCRATCH_EPOCHS} from scratch, {@link #WARM_START_EPOCHS} on a warm
 * start (see {@link #epochBudget}). {@code baseModel} is {@code production} (warm-start from the
 * production model when there is one), {@code none} (from scratch) or a registered version. Every
 * problem is reported at once.
 */
public record RunRequest(
    String name,
    int cutoff,
    boolean throwAway,
    String baseModel,
    Integer epochs,
    Integer patience,
    Integer seed,
    Boolean flip,
    Double rotation,
    Double zoomMin,
    Double zoomMax,
    String instanceType,
    boolean spot,
    int maxRuntimeSeconds,
    Map<String, String> hyperparameters,
    DecisionPolicy policy) {

  public static final String BASE_PRODUCTION = "production";

  /** The default cutoff: classes with fewer library images are left out of a run. */
  public static final int DEFAULT_CUTOFF = 40;

  public static final String BASE_NONE = "none";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern INSTANCE = Pattern.compile("ml\\.[a-z0-9]+\\.[a-z0-9]+");
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "cutoff",
          "throwAway",
          "baseModel",
          "epochs",
          "patience",
          "seed",
          "augmentation",
          "instanceType",
          "spot",
          "maxRuntimeSeconds",
          "hyperparameters",
          "decision");

  private static final Set<String> AUGMENTATION_FIELDS =
      Set.of("flip", "rotation", "zoomMin", "zoomMax");
  private static final Set<String> DECISION_FIELDS =
      Set.of("margin", "maxClassRegression", "significance", "minimumAccuracy", "minClassSupport");

  /** Hyperparameters the run sets itself; {@code hyperparameters} may not override them. */
  private static final Set<String> RESERVED =
      Set.of("epochs", "patience", "seed", "flip", "rotation", "zoom_min", "zoom_max", "version");

  /** Parses and validates; INVALID_PARAMETER lists every problem. */
  public static RunRequest parse(JsonNode input) {
    List<String> problems = new ArrayList<>();
    if (input == null || input.isNull() || input.isMissingNode()) {
      input = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    if (!input.isObject()) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "the run input must be a JSON object");
    }
    for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        problems.add("unknown field '" + field + "' (expected some of " + FIELDS + ")");
      }
    }
    String name = text(input, "name", "run", problems);
    if (!NAME.matcher(name).matches()) {
      problems.add("name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    int cutoff = integer(input, "cutoff", DEFAULT_CUTOFF, 2, 1_000_000, problems);
    boolean throwAway = bool(input, "throwAway", false, problems);
    String base = text(input, "baseModel", BASE_PRODUCTION, problems);
    if (!base.equals(BASE_PRODUCTION) && !base.equals(BASE_NONE) && !NAME.matcher(base).matches()) {
      problems.add("baseModel must be 'production', 'none' or a model version, was '" + base + "'");
    }
    Integer epochs = integer(input, "epochs", null, 1, 10_000, problems);
    Integer patience = integer(input, "patience", null, 1, 10_000, problems);
    Integer seed = integer(input, "seed", null, 0, Integer.MAX_VALUE, problems);
    JsonNode aug = section(input, "augmentation", AUGMENTATION_FIELDS, problems);
    Boolean flip = bool(aug, "flip", null, problems);
    Double rotation = decimal(aug, "rotation", null, 0, 45, problems);
    Double zoomMin = decimal(aug, "zoomMin", null, 0.5, 1, problems);
    Double zoomMax = decimal(aug, "zoomMax", null, 1, 2, problems);
    String instanceType = text(input, "instanceType", "ml.g5.xlarge", problems);
    if (!INSTANCE.matcher(instanceType).matches()) {
      problems.add("instanceType must look like ml.g5.xlarge, was '" + instanceType + "'");
    }
    boolean spot = bool(input, "spot", true, problems);
    int maxRuntime = integer(input, "maxRuntimeSeconds", 86_400, 60, 432_000, problems);
    Map<String, String> hyperparameters = new LinkedHashMap<>();
    JsonNode hp = input.path("hyperparameters");
    if (!hp.isMissingNode() && !hp.isNull()) {
      if (!hp.isObject()) {
        problems.add("hyperparameters must be an object of strings");
      } else {
        hp.fields()
            .forEachRemaining(
                e -> {
                  if (RESERVED.contains(e.getKey())) {
                    problems.add(
                        "hyperparameters."
                            + e.getKey()
                            + " is set by the run itself (use the run field instead)");
                  } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    problems.add("hyperparameters." + e.getKey() + " must be a string");
                  } else {
                    hyperparameters.put(e.getKey(), e.getValue().asText());
                  }
                });
      }
    }
    JsonNode d = section(input, "decision", DECISION_FIELDS, problems);
    DecisionPolicy defaults = DecisionPolicy.DEFAULT;
    double margin = decimal(d, "margin", defaults.margin(), -1, 1, problems);
    double regression =
        decimal(d, "maxClassRegression", defaults.maxClassRegression(), 0, 1, problems);
    double significance = decimal(d, "significance", defaults.significance(), 1e-9, 1, problems);
    double minimum = decimal(d, "minimumAccuracy", defaults.minimumAccuracy(), 0, 1, problems);
    int support = integer(d, "minClassSupport", defaults.minClassSupport(), 1, 1_000_000, problems);
    if (!problems.isEmpty()) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "bad training run input: " + String.join("; ", problems));
    }
    return new RunRequest(
        name,
        cutoff,
        throwAway,
        base,
        epochs,
        patience,
        seed,
        flip,
        rotation,
        zoomMin,
        zoomMax,
        instanceType,
        spot,
        maxRuntime,
        Map.copyOf(hyperparameters),
        new DecisionPolicy(margin, regression, significance, minimum, support));
  }

  /**
   * The epoch budget of a run from scratch when the input sets none (the training job's default).
   */
  public static final int FROM_SCRATCH_EPOCHS = 40;

  /**
   * The epoch budget of a warm start when the input sets none. A warm start with the head reset
   * reached its plateau about 1.7× sooner than from scratch when each had its own budget
   * (training/README.md, the warm-start table), so 40 / 1.7.
   */
  public static final int WARM_START_EPOCHS = 24;

  /** The epochs the run trains: the input's, or the default for its base. */
  public int epochBudget(boolean warmStart) {
    return epochs != null ? epochs : warmStart ? WARM_START_EPOCHS : FROM_SCRATCH_EPOCHS;
  }

  /** The training job's hyperparameters (SageMaker passes strings), for a run from scratch. */
  public Map<String, String> trainingHyperparameters(String version) {
    return trainingHyperparameters(version, false);
  }

  /**
   * The training job's hyperparameters (SageMaker passes strings); the epochs follow the base
   * ({@link #epochBudget}).
   */
  public Map<String, String> trainingHyperparameters(String version, boolean warmStart) {
    Map<String, String> hp = new LinkedHashMap<>(hyperparameters);
    hp.put("epochs", Integer.toString(epochBudget(warmStart)));
    putIfSet(hp, "patience", patience);
    putIfSet(hp, "seed", seed);
    putIfSet(hp, "flip", flip);
    putIfSet(hp, "rotation", rotation);
    putIfSet(hp, "zoom_min", zoomMin);
    putIfSet(hp, "zoom_max", zoomMax);
    hp.put("version", version);
    return hp;
  }

  private static void putIfSet(Map<String, String> hp, String key, Object value) {
    if (value != null) {
      hp.put(key, String.valueOf(value));
    }
  }

  /** An optional nested object; a non-object or an unknown field in it is a problem. */
  private static JsonNode section(
      JsonNode input, String field, Set<String> fields, List<String> problems) {
    JsonNode v = input.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (!v.isObject()) {
      problems.add(field + " must be an object");
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.contains(name)) {
        problems.add(
            "unknown field '" + field + "." + name + "' (expected some of " + fields + ")");
      }
    }
    return v;
  }

  private static String text(JsonNode node, String field, String fallback, List<String> problems) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      problems.add(field + " must be a string");
      return fallback;
    }
    return v.asText();
  }

  private static Boolean bool(
      JsonNode node, String field, Boolean fallback, List<String> problems) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      problems.add(field + " must be true or false");
      return fallback;
    }
    return v.asBoolean();
  }

  private static Integer integer(
      JsonNode node, String field, Integer fallback, int min, int max, List<String> problems) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      problems.add(field + " must be a whole number within [" + min + ", " + max + "]");
      return fallback;
    }
    return v.asInt();
  }

  private static Double decimal(
      JsonNode node, String field, Double fallback, double min, double max, List<String> problems) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
      problems.add(field + " must be a number within [" + min + ", " + max + "]");
      return fallback;
    }
    return v.asDouble();
  }
}
