package dev.menagerie.common.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded model: an ONNX Runtime session checked against the serving contract (input {@value
 * #INPUT} [batch, 3, H, W] of plain RGB, output {@value #OUTPUT} [batch, classes]) and the model's
 * labels. Thread-safe; build one per container and close it when replaced.
 */
public final class Classifier implements AutoCloseable {
  public static final String INPUT = "pixels";
  public static final String OUTPUT = "probabilities";

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  private final OrtSession session;
  private final ModelCard card;
  private final List<String> labels;
  private final int width;
  private final int height;

  private Classifier(OrtSession session, ModelCard card, List<String> labels) {
    this.session = session;
    this.card = card;
    this.labels = labels;
    this.width = card.input().width();
    this.height = card.input().height();
  }

  /**
   * Loads ONNX Runtime's native library and environment now (a few hundred milliseconds), so a cold
   * start can do it while other start-up work waits on the network. Calling it initialises this
   * class, which creates the environment.
   */
  public static void loadRuntime() {
    Objects.requireNonNull(ENVIRONMENT, "ONNX Runtime environment");
  }

  /** Creates the session and checks the graph's inputs and outputs against the card and labels. */
  public static Classifier load(ModelBundle bundle, InferenceOptions options) {
    OrtSession session = null;
    try (OrtSession.SessionOptions sessionOptions = options.sessionOptions()) {
      session = ENVIRONMENT.createSession(bundle.onnx(), sessionOptions);
      checkContract(session, bundle);
      return new Classifier(session, bundle.card(), bundle.labels());
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session);
      throw new InvalidModelException(
          "model " + bundle.card().version() + " cannot be served: " + e.getMessage(), e);
    }
  }

  public ModelCard card() {
    return card;
  }

  public String version() {
    return card.version();
  }

  public List<String> labels() {
    return labels;
  }

  public int inputWidth() {
    return width;
  }

  public int inputHeight() {
    return height;
  }

  /** Classifies one image given as {@code 3*H*W} floats (planes R, G, B; values 0..255). */
  public List<Prediction> classify(float[] chw, int topK) {
    return classifyBatch(chw, 1, topK).get(0);
  }

  /**
   * Classifies {@code count} images packed one after another in {@code chw} (each {@code 3*H*W}
   * floats), returning the top-k of each in order.
   */
  public List<List<Prediction>> classifyBatch(float[] chw, int count, int topK) {
    int perImage = 3 * width * height;
    if (count < 1 || chw.length != (long) perImage * count) {
      throw new IllegalArgumentException(
          "expected "
              + count
              + " images of 3x"
              + height
              + "x"
              + width
              + " = "
              + ((long) perImage * count)
              + " floats, got "
              + chw.length);
    }
    long[] shape = {count, 3, height, width};
    try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(chw), shape);
        OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
      float[][] probabilities = (float[][]) result.get(0).getValue();
      List<List<Prediction>> out = new ArrayList<>(count);
      for (float[] row : probabilities) {
        out.add(topK(row, topK));
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed for model " + version(), e);
    }
  }

  private List<Prediction> topK(float[] row, int k) {
    Integer[] order = new Integer[row.length];
    for (int i = 0; i < row.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
    int n = Math.min(Math.max(k, 1), row.length);
    List<Prediction> predictions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      predictions.add(new Prediction(labels.get(order[i]), row[order[i]]));
    }
    return predictions;
  }

  private static void checkContract(OrtSession session, ModelBundle bundle) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (inputs.size() != 1 || !inputs.containsKey(INPUT)) {
      throw new IllegalArgumentException(
          "expected exactly one input named '" + INPUT + "', found " + inputs.keySet());
    }
    if (!outputs.containsKey(OUTPUT)) {
      throw new IllegalArgumentException(
          "expected an output named '" + OUTPUT + "', found " + outputs.keySet());
    }
    long[] in = ((TensorInfo) inputs.get(INPUT).getInfo()).getShape();
    ModelCard.InputSize size = bundle.card().input();
    if (in.length != 4 || in[1] != 3 || in[2] != size.height() || in[3] != size.width()) {
      throw new IllegalArgumentException(
          "input shape "
              + Arrays.toString(in)
              + " does not match [batch, 3, "
              + size.height()
              + ", "
              + size.width()
              + "] from the model card");
    }
    long[] out = ((TensorInfo) outputs.get(OUTPUT).getInfo()).getShape();
    if (out.length != 2 || out[1] != bundle.labels().size()) {
      throw new IllegalArgumentException(
          "output shape "
              + Arrays.toString(out)
              + " does not match the "
              + bundle.labels().size()
              + " labels");
    }
  }

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // the load already failed; the original error is the one worth reporting
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the session of model " + version() + " failed", e);
    }
  }
}
