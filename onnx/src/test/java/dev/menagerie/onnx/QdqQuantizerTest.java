package dev.menagerie.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.onnx.OnnxGraph.Attribute;
import dev.menagerie.onnx.QdqQuantizer.Range;
import dev.menagerie.onnx.samples.NearestColourModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QdqQuantizerTest {
  /** x -> Conv(w, b) -> Relu -> y, one output channel of weights {-2, 1, 0.5}. */
  private static byte[] oneConv(int opset) {
    return new OnnxGraph("one-conv")
        .input("x", OnnxGraph.DYNAMIC, 3, 2, 2)
        .initializer("w", new long[] {1, 3, 1, 1}, new float[] {-2f, 1f, 0.5f})
        .initializer("b", new long[] {1}, new float[] {0.25f})
        .node("Conv", List.of("x", "w", "b"), List.of("c"), Attribute.ints("kernel_shape", 1, 1))
        .node("Relu", List.of("c"), List.of("y"))
        .output("y", OnnxGraph.DYNAMIC, 1, 2, 2)
        .toModelBytes(9, opset, "test");
  }

  @Test
  void convAndRelu_shouldNeedTheInputAndTheReluOutputRanges() {
    assertThat(QdqQuantizer.calibrationTensors(oneConv(17))).containsExactly("x", "y");
  }

  @Test
  void quantizedGraph_shouldHoldInt8WeightsInt32BiasAndQdqPairs() {
    // WHEN the graph is quantized with ranges for its two activations
    byte[] q =
        QdqQuantizer.quantize(oneConv(17), Map.of("x", new Range(0, 255), "y", new Range(0, 10)));

    // THEN the weights are int8 at scale max|w|/127 (-2 -> -127), the bias int32, the float
    // weights gone; the input and output pass Q/DQ pairs; the Conv reads dequantized values
    OnnxModel m = new OnnxModel(q);
    Map<String, OnnxModel.Tensor> byName = new HashMap<>();
    m.initializers.forEach(t -> byName.put(t.name(), t));
    assertThat(byName).doesNotContainKeys("w", "b");
    OnnxModel.Tensor w8 =
        m.initializers.stream()
            .filter(t -> t.dataType() == OnnxModel.INT8 && t.dims().length == 4)
            .findFirst()
            .orElseThrow();
    assertThat(w8.name()).startsWith("w_int8_");
    byte[] raw = w8.fields().stream().filter(f -> f.number() == 9).findFirst().get().payload();
    assertThat(raw).containsExactly(-127, 64, 32);
    assertThat(byName.get(w8.name() + "_bias").dataType()).isEqualTo(OnnxModel.INT32);
    assertThat(QdqQuantizer.operators(q))
        .containsEntry("QuantizeLinear", 2)
        .containsEntry("DequantizeLinear", 4)
        .containsEntry("Conv", 1)
        .containsEntry("Relu", 1);
    assertThat(m.outputNames).containsExactly("y");
  }

  @Test
  void missingRange_shouldBeNamed() {
    assertThatThrownBy(() -> QdqQuantizer.quantize(oneConv(17), Map.of("x", new Range(0, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no calibrated range for [y]");
  }

  @Test
  void oldOpset_shouldBeRefused() {
    Map<String, Range> ranges = Map.of("x", new Range(0, 1), "y", new Range(0, 1));
    assertThatThrownBy(() -> QdqQuantizer.quantize(oneConv(11), ranges))
        .hasMessageContaining("opset is 11; int8 QDQ needs at least 13");
  }

  @Test
  void modelWithoutConvolution_shouldBeRefused() {
    assertThatThrownBy(() -> QdqQuantizer.quantize(NearestColourModel.onnx(8), Map.of()))
        .hasMessage("the model has no convolution with float weights");
  }

  @Test
  void bytesThatAreNotAModel_shouldBeRefusedClearly() {
    assertThatThrownBy(() -> QdqQuantizer.calibrationTensors(new byte[] {(byte) 0xFF, 0x7F}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an ONNX model");
    assertThatThrownBy(() -> QdqQuantizer.calibrationTensors(new byte[] {0x3A, 0x05, 0x01}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an ONNX model");
  }

  @Test
  void exposing_shouldAddOutputsAndLeaveEverythingElse() {
    byte[] exposed = QdqQuantizer.exposing(oneConv(17), List.of("c", "y"));
    OnnxModel m = new OnnxModel(exposed);
    assertThat(m.outputNames).containsExactly("y", "c");
    assertThat(QdqQuantizer.operators(exposed)).containsOnlyKeys("Conv", "Relu");
  }

  @Test
  void range_shouldBeFiniteAndOrdered() {
    assertThatThrownBy(() -> new Range(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Range(Float.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
