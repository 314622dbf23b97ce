package dev.menagerie.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.menagerie.onnx.OnnxGraph.Attribute;
import dev.menagerie.onnx.samples.NearestColourModel;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Test
  void convReluGemmGraph_shouldComputeWhatTheArithmeticSays() throws Exception {
    // GIVEN a 1x1 convolution doubling a single channel, ReLU, then a Gemm that sums and offsets
    byte[] model =
        new OnnxGraph("arith")
            .input("x", OnnxGraph.DYNAMIC, 1, 2, 2)
            .initializer("w", new long[] {1, 1, 1, 1}, new float[] {2f})
            .initializerInt64("shape", new long[] {2}, new long[] {-1, 4})
            .initializer("g", new long[] {1, 4}, new float[] {1, 1, 1, 1})
            .initializer("b", new long[] {1}, new float[] {0.5f})
            .node("Conv", List.of("x", "w"), List.of("c"), Attribute.ints("kernel_shape", 1, 1))
            .node("Relu", List.of("c"), List.of("r"))
            .node("Reshape", List.of("r", "shape"), List.of("flat"))
            .node("Gemm", List.of("flat", "g", "b"), List.of("y"), Attribute.of("transB", 1L))
            .output("y", OnnxGraph.DYNAMIC, 1)
            .toModelBytes(8, 17, "test");

    // WHEN it runs on [1, -2, 3, 4]
    float[] out = run(model, "x", new float[] {1, -2, 3, 4}, new long[] {1, 1, 2, 2});

    // THEN relu(2x) summed plus 0.5 = 2 + 0 + 6 + 8 + 0.5
    assertThat(out).containsExactly(16.5f);
  }

  @Test
  void nearestColourModel_shouldPickThePaletteColourClosestToTheMean() throws Exception {
    int size = 4;
    float[] pixels = new float[3 * size * size];
    // a mostly blue image: R=20, G=30, B=230
    for (int i = 0; i < size * size; i++) {
      pixels[i] = 20;
      pixels[size * size + i] = 30;
      pixels[2 * size * size + i] = 230;
    }
    float[] probabilities =
        run(NearestColourModel.onnx(size), "pixels", pixels, new long[] {1, 3, size, size});

    assertThat(probabilities).hasSize(NearestColourModel.LABELS.size());
    int best = 0;
    float sum = 0;
    for (int k = 0; k < probabilities.length; k++) {
      sum += probabilities[k];
      if (probabilities[k] > probabilities[best]) {
        best = k;
      }
    }
    assertThat(NearestColourModel.LABELS.get(best)).isEqualTo("blue");
    assertThat(sum).isCloseTo(1f, within(1e-5f));
  }

  @Test
  void node_shouldRejectAnInputNothingDefines() {
    OnnxGraph graph = new OnnxGraph("bad").input("x", 1);
    assertThatThrownBy(() -> graph.node("Relu", List.of("missing"), List.of("y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void toModelBytes_shouldRefuseAnOpsetOnnxRuntimeCannotLoad() {
    OnnxGraph graph = new OnnxGraph("g").input("x", 1);
    assertThatThrownBy(() -> graph.toModelBytes(8, 24, "test")).hasMessageContaining("opset 24");
  }

  private static float[] run(byte[] model, String input, float[] data, long[] shape)
      throws Exception {
    try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor tensor = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(data), shape);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      float[][] out = (float[][]) result.get(0).getValue();
      return out[0];
    }
  }
}
