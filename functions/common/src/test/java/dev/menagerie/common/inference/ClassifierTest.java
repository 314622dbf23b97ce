package dev.menagerie.common.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.menagerie.common.image.RgbImage;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.onnx.OnnxGraph;
import dev.menagerie.onnx.samples.NearestColourModel;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassifierTest {
  private static final int SIZE = 8;

  @Test
  void classify_shouldReturnTopKInConfidenceOrder() {
    // GIVEN the tiny nearest-colour model generated in code
    try (Classifier classifier =
        Classifier.load(
            bundle(NearestColourModel.onnx(SIZE), NearestColourModel.LABELS, SIZE),
            new InferenceOptions(1, 1))) {
      // WHEN a green image is classified with k = 3
      List<Prediction> top = classifier.classify(solid(10, 240, 20), 3);

      // THEN green first, three results, confidences falling
      assertThat(top).hasSize(3);
      assertThat(top.get(0).label()).isEqualTo("green");
      assertThat(top.get(0).confidence()).isGreaterThan(top.get(1).confidence());
      assertThat(top.get(1).confidence()).isGreaterThanOrEqualTo(top.get(2).confidence());
    }
  }

  @Test
  void classifyBatch_shouldMatchOneByOne() {
    try (Classifier classifier =
        Classifier.load(
            bundle(NearestColourModel.onnx(SIZE), NearestColourModel.LABELS, SIZE),
            InferenceOptions.defaults())) {
      float[] red = solid(250, 10, 10);
      float[] white = solid(250, 250, 250);
      float[] both = new float[red.length * 2];
      System.arraycopy(red, 0, both, 0, red.length);
      System.arraycopy(white, 0, both, red.length, white.length);

      List<List<Prediction>> batch = classifier.classifyBatch(both, 2, 6);

      assertThat(batch.get(0).get(0).label()).isEqualTo("red");
      assertThat(batch.get(1).get(0).label()).isEqualTo("white");
      assertThat(batch.get(0).get(0).confidence())
          .isCloseTo(classifier.classify(red, 1).get(0).confidence(), within(1e-6f));
      assertThat(batch.get(0).stream().mapToDouble(Prediction::confidence).sum())
          .isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void classify_topKLargerThanClasses_shouldReturnEveryClass() {
    try (Classifier classifier =
        Classifier.load(
            bundle(NearestColourModel.onnx(SIZE), NearestColourModel.LABELS, SIZE),
            InferenceOptions.defaults())) {
      assertThat(classifier.classify(solid(0, 0, 0), 100))
          .hasSize(NearestColourModel.LABELS.size());
    }
  }

  @Test
  void classify_wrongInputLength_shouldSayWhatItExpected() {
    try (Classifier classifier =
        Classifier.load(
            bundle(NearestColourModel.onnx(SIZE), NearestColourModel.LABELS, SIZE),
            InferenceOptions.defaults())) {
      assertThatThrownBy(() -> classifier.classify(new float[5], 1)).hasMessageContaining("3x8x8");
    }
  }

  @Test
  void classifyImage_shouldMatchTheFloatArrayFormEachTime() {
    // GIVEN the nearest-colour model and images of different colours with noise
    try (Classifier classifier =
        Classifier.load(
            bundle(NearestColourModel.onnx(SIZE), NearestColourModel.LABELS, SIZE),
            InferenceOptions.defaults())) {
      Random random = new Random(5);
      for (int[] colour : new int[][] {{250, 10, 10}, {250, 250, 250}, {10, 240, 20}}) {
        RgbImage image = noisy(colour, random);

        // WHEN it is classified from the image (the thread's direct buffer, reused each time)
        List<Prediction> fromImage = classifier.classify(image, 6);

        // THEN it is exactly what the float-array form gives
        assertThat(fromImage).isEqualTo(classifier.classify(image.toChw(), 6));
      }
    }
  }

  @Test
  void classifyImage_ofAnotherSize_shouldSayWhatItExpected() {
    try (Classifier classifier =
        Classifier.load(
            bundle(NearestColourModel.onnx(SIZE), NearestColourModel.LABELS, SIZE),
            InferenceOptions.defaults())) {
      assertThatThrownBy(() -> classifier.classify(new RgbImage(9, 8, new byte[3 * 9 * 8]), 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected a 8x8 image, got 9x8");
    }
  }

  @Test
  void classify_equalConfidences_shouldKeepLabelOrder() {
    // GIVEN a model whose classes are the image's mean R, G and B, softmaxed
    byte[] onnx =
        new OnnxGraph("channels")
            .input(Classifier.INPUT, OnnxGraph.DYNAMIC, 3, SIZE, SIZE)
            .node("GlobalAveragePool", List.of(Classifier.INPUT), List.of("pooled"))
            .node("Flatten", List.of("pooled"), List.of("flat"))
            .node("Softmax", List.of("flat"), List.of(Classifier.OUTPUT))
            .output(Classifier.OUTPUT, OnnxGraph.DYNAMIC, 3)
            .toModelBytes(8, 17, "test");
    try (Classifier classifier =
        Classifier.load(bundle(onnx, List.of("r", "g", "b"), SIZE), InferenceOptions.defaults())) {
      // WHEN images with two equal channels are classified
      // THEN the tied classes come in label order, the third where its value puts it
      assertThat(labels(classifier.classify(solid(0, 0, 0), 3))).containsExactly("r", "g", "b");
      assertThat(labels(classifier.classify(solid(1, 3, 3), 3))).containsExactly("g", "b", "r");
      assertThat(labels(classifier.classify(solid(2, 0, 2), 2))).containsExactly("r", "b");
      assertThat(labels(classifier.classify(solid(0, 1, 2), 1))).containsExactly("b");
    }
  }

  private static List<String> labels(List<Prediction> predictions) {
    return predictions.stream().map(Prediction::label).toList();
  }

  private static RgbImage noisy(int[] colour, Random random) {
    byte[] rgb = new byte[3 * SIZE * SIZE];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) Math.max(0, Math.min(255, colour[i % 3] + random.nextInt(41) - 20));
    }
    return new RgbImage(SIZE, SIZE, rgb);
  }

  @Test
  void load_cardSizeDisagreeingWithTheGraph_shouldBeRefused() {
    assertThatThrownBy(
            () ->
                Classifier.load(
                    bundle(NearestColourModel.onnx(SIZE), NearestColourModel.LABELS, 16),
                    InferenceOptions.defaults()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("does not match [batch, 3, 16, 16]");
  }

  @Test
  void load_labelCountDisagreeingWithTheOutput_shouldBeRefused() {
    assertThatThrownBy(
            () ->
                Classifier.load(
                    bundle(NearestColourModel.onnx(SIZE), List.of("a", "b"), SIZE),
                    InferenceOptions.defaults()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("2 labels");
  }

  @Test
  void load_wrongInputName_shouldListWhatItFound() {
    byte[] onnx =
        new OnnxGraph("renamed")
            .input("image", OnnxGraph.DYNAMIC, 3, SIZE, SIZE)
            .node("GlobalAveragePool", List.of("image"), List.of("pooled"))
            .node("Flatten", List.of("pooled"), List.of("flat"))
            .node("Softmax", List.of("flat"), List.of("probabilities"))
            .output("probabilities", OnnxGraph.DYNAMIC, 3)
            .toModelBytes(8, 17, "test");
    assertThatThrownBy(
            () ->
                Classifier.load(
                    bundle(onnx, List.of("r", "g", "b"), SIZE), InferenceOptions.defaults()))
        .hasMessageContaining("'pixels'")
        .hasMessageContaining("[image]");
  }

  @Test
  void load_bytesThatAreNotOnnx_shouldBeAnInvalidModel() {
    assertThatThrownBy(
            () ->
                Classifier.load(
                    bundle(new byte[] {1, 2, 3}, List.of("a"), SIZE), InferenceOptions.defaults()))
        .isInstanceOf(InvalidModelException.class);
  }

  private static ModelBundle bundle(byte[] onnx, List<String> labels, int size) {
    return new ModelBundle(
        onnx,
        labels,
        new ModelCard(
            "test-1", "test", new ModelCard.InputSize(size, size), null, null, Map.of(), Map.of()));
  }

  private static float[] solid(float r, float g, float b) {
    float[] chw = new float[3 * SIZE * SIZE];
    int plane = SIZE * SIZE;
    for (int i = 0; i < plane; i++) {
      chw[i] = r;
      chw[plane + i] = g;
      chw[2 * plane + i] = b;
    }
    return chw;
  }
}
