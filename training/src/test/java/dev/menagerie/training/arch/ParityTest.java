package dev.menagerie.training.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParityTest {

  @Test
  void smallModelWithTrainedLookingBatchNorm_shouldMatchOnnxRuntimeWithin1e4() throws Exception {
    // GIVEN the small configuration with random weights and non-trivial BatchNorm statistics
    Architecture arch = InceptionV4.small(7);
    // WHEN it is exported and both engines run the same batch
    double diff = maxAbsDiff(arch, 3, true);
    // THEN ONNX Runtime agrees with DJL's forward pass
    System.out.println("parity " + arch.name() + ": max abs diff " + diff);
    assertThat(diff).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void fullInceptionV4_shouldMatchOnnxRuntimeWithin1e4() throws Exception {
    // GIVEN the production configuration (299 x 299, full width) on random weights
    Architecture arch = InceptionV4.full(11);
    // WHEN it is exported and both engines run one image
    double diff = maxAbsDiff(arch, 1, false);
    // THEN ONNX Runtime agrees with DJL's forward pass
    System.out.println("parity " + arch.name() + ": max abs diff " + diff);
    assertThat(diff).isLessThanOrEqualTo(1e-4);
  }

  private static double maxAbsDiff(Architecture arch, int batch, boolean randomStatistics)
      throws Exception {
    Engine.getInstance().setRandomSeed(7);
    Random random = new Random(7);
    try (Model model = Model.newInstance(arch.name());
        NDManager manager = model.getNDManager().newSubManager()) {
      SequentialBlock net = DjlNetwork.build(arch);
      model.setBlock(net);
      net.initialize(model.getNDManager(), DataType.FLOAT32, DjlNetwork.inputShape(arch, batch));
      if (randomStatistics) {
        // gamma and beta away from 1 and 0, then running statistics from real batches: what a
        // trained network's BatchNorm layers look like
        for (Pair<String, Parameter> p : net.getParameters()) {
          NDArray a = p.getValue().getArray();
          if (p.getKey().endsWith("gamma")) {
            a.set(positive(random, (int) a.size()));
          } else if (p.getKey().endsWith("beta")) {
            a.set(centred(random, (int) a.size()));
          }
        }
        for (int step = 0; step < 12; step++) {
          try (NDManager stepManager = manager.newSubManager()) {
            NDArray batchPixels = stepManager.randomUniform(0, 255, DjlNetwork.inputShape(arch, 4));
            net.forward(new ParameterStore(stepManager, false), new NDList(batchPixels), true);
          }
        }
        NDArray someMean = net.getParameters().get(0).getValue().getArray();
        assertThat(someMean).isNotNull();
      }
      float[] pixels = new float[batch * 3 * arch.inputSize() * arch.inputSize()];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = random.nextInt(256);
      }
      NDArray x = manager.create(pixels, DjlNetwork.inputShape(arch, batch));
      NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
      float[] djl = out.head().softmax(1).toFloatArray();

      byte[] onnx = OnnxExport.toBytes(arch, net);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
          OnnxTensor input =
              OnnxTensor.createTensor(
                  env,
                  FloatBuffer.wrap(pixels),
                  new long[] {batch, 3, arch.inputSize(), arch.inputSize()});
          OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
        float[][] ort = (float[][]) result.get(OnnxExport.OUTPUT).get().getValue();
        double max = 0;
        for (int b = 0; b < batch; b++) {
          assertThat(ort[b]).hasSize(arch.classes());
          for (int k = 0; k < arch.classes(); k++) {
            max = Math.max(max, Math.abs(ort[b][k] - djl[b * arch.classes() + k]));
          }
        }
        return max;
      }
    }
  }

  private static float[] positive(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.5f + random.nextFloat();
    }
    return v;
  }

  private static float[] centred(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (random.nextFloat() - 0.5f) * 0.4f;
    }
    return v;
  }
}
