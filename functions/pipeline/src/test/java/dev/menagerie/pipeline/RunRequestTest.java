package dev.menagerie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The INVALID_PARAMETER message of parsing {@code text}. */
  private static String problems(String text) {
    MenagerieException e =
        catchThrowableOfType(MenagerieException.class, () -> RunRequest.parse(json(text)));
    assertThat(e).as("parsing %s should fail", text).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
    return e.getMessage();
  }

  private static void assertDefaults(RunRequest r) {
    assertThat(r.name()).isEqualTo("run");
    assertThat(r.cutoff()).isEqualTo(40);
    assertThat(r.throwAway()).isFalse();
    assertThat(r.baseModel()).isEqualTo(RunRequest.BASE_PRODUCTION);
    assertThat(r.epochs()).isNull();
    assertThat(r.patience()).isNull();
    assertThat(r.seed()).isNull();
    assertThat(r.flip()).isNull();
    assertThat(r.rotation()).isNull();
    assertThat(r.zoomMin()).isNull();
    assertThat(r.zoomMax()).isNull();
    assertThat(r.instanceType()).isEqualTo("ml.g5.xlarge");
    assertThat(r.spot()).isTrue();
    assertThat(r.maxRuntimeSeconds()).isEqualTo(86_400);
    assertThat(r.hyperparameters()).isEmpty();
    assertThat(r.policy()).isEqualTo(DecisionPolicy.DEFAULT);
    assertThat(r.policy()).isEqualTo(new DecisionPolicy(0.01, 0.10, 0.05, 0.60, 5));
  }

  @Test
  void emptyOrMissingInput_shouldTakeTheDefaults() {
    assertDefaults(RunRequest.parse(json("{}")));
    assertDefaults(RunRequest.parse(null));
    assertDefaults(RunRequest.parse(NullNode.getInstance()));
    assertDefaults(RunRequest.parse(MissingNode.getInstance()));
    assertDefaults(RunRequest.parse(json("{'epochs': null, 'augmentation': {}, 'decision': {}}")));
  }

  @Test
  void fullInput_shouldBeRead() {
    RunRequest r =
        RunRequest.parse(
            json(
                "{'name': 'zoo-weekly', 'cutoff': 25, 'throwAway': true, 'baseModel': 'none',"
                    + " 'epochs': 40, 'patience': 6, 'seed': 42,"
                    + " 'augmentation': {'flip': false, 'rotation': 10, 'zoomMin': 0.9,"
                    + " 'zoomMax': 1.15},"
                    + " 'instanceType': 'ml.p3.2xlarge', 'spot': false, 'maxRuntimeSeconds': 3600,"
                    + " 'hyperparameters': {'batch_size': '32', 'lr': 0.001},"
                    + " 'decision': {'margin': 0.02, 'maxClassRegression': 0.2,"
                    + " 'significance': 0.01, 'minimumAccuracy': 0.7, 'minClassSupport': 8}}"));

    assertThat(r)
        .isEqualTo(
            new RunRequest(
                "zoo-weekly",
                25,
                true,
                "none",
                40,
                6,
                42,
                false,
                10.0,
                0.9,
                1.15,
                "ml.p3.2xlarge",
                false,
                3600,
                Map.of("batch_size", "32", "lr", "0.001"),
                new DecisionPolicy(0.02, 0.2, 0.01, 0.7, 8)));
  }

  @Test
  void registeredVersionAsBaseModel_shouldBeAccepted() {
    assertThat(RunRequest.parse(json("{'baseModel': 'v12'}")).baseModel()).isEqualTo("v12");
  }

  @Test
  void boundaryValues_shouldBeAccepted() {
    RunRequest r =
        RunRequest.parse(
            json(
                "{'cutoff': 2, 'maxRuntimeSeconds': 432000, 'seed': 0,"
                    + " 'augmentation': {'rotation': 45, 'zoomMin': 0.5, 'zoomMax': 2},"
                    + " 'decision': {'margin': -1, 'significance': 1, 'minClassSupport': 1}}"));

    assertThat(r.cutoff()).isEqualTo(2);
    assertThat(r.maxRuntimeSeconds()).isEqualTo(432_000);
    assertThat(r.seed()).isZero();
    assertThat(r.rotation()).isEqualTo(45.0);
    assertThat(r.policy().margin()).isEqualTo(-1.0);
  }

  @Test
  void everyBadField_shouldBeReportedInOneMessage() {
    String message =
        problems(
            "{'name': 'bad name!', 'cutoff': 1, 'throwAway': 'yes', 'baseModel': '../x',"
                + " 'epochs': 0, 'patience': 1.5, 'seed': -1,"
                + " 'augmentation': {'flip': 'no', 'rotation': 50, 'zoomMin': 0.4, 'zoomMax': 2.5},"
                + " 'instanceType': 'g5.xlarge', 'spot': 1, 'maxRuntimeSeconds': 59,"
                + " 'hyperparameters': {'batch_size': {'n': 1}},"
                + " 'decision': {'margin': 2, 'maxClassRegression': -0.1, 'significance': 0,"
                + " 'minimumAccuracy': 1.5, 'minClassSupport': 0}}");

    assertThat(message)
        .startsWith("bad training run input: ")
        .contains("name must be")
        .contains("'bad name!'")
        .contains("cutoff must be a whole number within [2, 1000000]")
        .contains("throwAway must be true or false")
        .contains("baseModel must be")
        .contains("epochs must be a whole number")
        .contains("patience must be a whole number")
        .contains("seed must be a whole number")
        .contains("flip must be true or false")
        .contains("rotation must be a number within [0.0, 45.0]")
        .contains("zoomMin must be a number")
        .contains("zoomMax must be a number")
        .contains("instanceType must look like ml.g5.xlarge")
        .contains("spot must be true or false")
        .contains("maxRuntimeSeconds must be a whole number")
        .contains("hyperparameters.batch_size must be a string")
        .contains("margin must be a number")
        .contains("maxClassRegression must be a number")
        .contains("significance must be a number")
        .contains("minimumAccuracy must be a number")
        .contains("minClassSupport must be a whole number");
    assertThat(message.split("; ")).hasSize(20);
  }

  @Test
  void wrongTypes_shouldBeReported() {
    assertThat(problems("{'name': 7}")).contains("name must be a string");
    assertThat(problems("{'cutoff': '40'}")).contains("cutoff must be a whole number");
    assertThat(problems("{'augmentation': [1]}")).contains("augmentation must be an object");
    assertThat(problems("{'hyperparameters': 'lr=1'}"))
        .contains("hyperparameters must be an object of strings");
    assertThat(problems("{'hyperparameters': {'lr': null}}"))
        .contains("hyperparameters.lr must be a string");
    assertThat(problems("{'decision': 'strict'}")).contains("decision must be an object");
  }

  @Test
  void numbersOutOfRange_shouldBeReported() {
    assertThat(problems("{'cutoff': 1000001}")).contains("cutoff");
    assertThat(problems("{'maxRuntimeSeconds': 432001}")).contains("maxRuntimeSeconds");
    assertThat(problems("{'seed': 2147483648}")).contains("seed");
    assertThat(problems("{'cutoff': 40.5}")).contains("cutoff");
    // a whole number too large for a long must not wrap around into range
    assertThat(problems("{'cutoff': 18446744073709551656}")).contains("cutoff");
    assertThat(problems("{'decision': {'significance': 1.01}}")).contains("significance");
  }

  @Test
  void nonObjectInput_shouldBeRefused() {
    assertThat(problems("[1, 2]")).contains("must be a JSON object");
    assertThat(problems("'train'")).contains("must be a JSON object");
  }

  @Test
  void unknownFields_shouldBeRefused() {
    assertThat(problems("{'epoch': 3}")).contains("unknown field 'epoch'");
    assertThat(problems("{'name': 'ok', 'cutof': 3, 'spots': true}"))
        .contains("unknown field 'cutof'")
        .contains("unknown field 'spots'");
  }

  @Test
  void unknownNestedFields_shouldBeRefused() {
    assertThat(problems("{'augmentation': {'zoom': 1.1}}")).contains("'augmentation.zoom'");
    assertThat(problems("{'decision': {'marginn': 0.2}}")).contains("'decision.marginn'");
  }

  @Test
  void reservedHyperparameters_shouldBeRefused() {
    for (String reserved :
        new String[] {
          "epochs", "patience", "seed", "flip", "rotation", "zoom_min", "zoom_max", "version"
        }) {
      assertThat(problems("{'hyperparameters': {'" + reserved + "': '3'}}"))
          .contains("hyperparameters." + reserved + " is set by the run itself");
    }
  }

  @Test
  void trainingHyperparameters_shouldHoldOnlySetFieldsAndTheVersion() {
    RunRequest r =
        RunRequest.parse(json("{'epochs': 12, 'hyperparameters': {'batch_size': '16'}}"));

    assertThat(r.trainingHyperparameters("v7"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("batch_size", "16", "epochs", "12", "version", "v7"));
    assertThat(RunRequest.parse(json("{}")).trainingHyperparameters("v1"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("epochs", "40", "version", "v1"));
  }

  @Test
  void noEpochsInTheInput_shouldGiveAWarmStartTheShorterBudget() {
    // GIVEN a run input without epochs, and one with them
    RunRequest unset = RunRequest.parse(json("{}"));
    RunRequest set = RunRequest.parse(json("{'epochs': 7}"));
    // WHEN / THEN a warm start gets its own default, a run from scratch the long one
    assertThat(unset.trainingHyperparameters("v1", true)).containsEntry("epochs", "24");
    assertThat(unset.trainingHyperparameters("v1", false)).containsEntry("epochs", "40");
    assertThat(unset.epochBudget(true)).isEqualTo(RunRequest.WARM_START_EPOCHS);
    // AND epochs the input sets win whatever the base
    assertThat(set.trainingHyperparameters("v1", true)).containsEntry("epochs", "7");
    assertThat(set.epochBudget(false)).isEqualTo(7);
  }

  @Test
  void trainingHyperparameters_shouldSpellEveryRunField() {
    RunRequest r =
        RunRequest.parse(
            json(
                "{'epochs': 40, 'patience': 6, 'seed': 42,"
                    + " 'augmentation': {'flip': true, 'rotation': 10, 'zoomMin': 0.9,"
                    + " 'zoomMax': 1.15}}"));

    assertThat(r.trainingHyperparameters("v3"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "epochs", "40",
                "patience", "6",
                "seed", "42",
                "flip", "true",
                "rotation", "10.0",
                "zoom_min", "0.9",
                "zoom_max", "1.15",
                "version", "v3"));
  }
}
