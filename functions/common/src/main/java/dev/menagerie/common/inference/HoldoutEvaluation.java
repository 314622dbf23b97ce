package dev.menagerie.common.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.image.RgbImage;
import dev.menagerie.common.library.LabelledImage;
import dev.menagerie.common.library.LibraryCatalog;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Top-1 accuracy of an exported model on labelled held-out images ({@code <label>/<images>}), run
 * the way the classify function runs it: decoded by {@link ImageDecoder}, scored by ONNX Runtime.
 * An image whose label the model does not know counts as wrong. The training job reports it for the
 * exported graph, and for both graphs of an int8 model; {@code model install} for the latter.
 */
public final class HoldoutEvaluation {
  private HoldoutEvaluation() {}

  public record Result(int images, int correct, int unknownLabels) {
    public double accuracy() {
      return images == 0 ? 0 : (double) correct / images;
    }
  }

  public static Result evaluate(byte[] onnx, List<String> labels, int inputSize, Path holdout)
      throws IOException {
    List<LabelledImage> items = LibraryCatalog.scanFolder(holdout).images();
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int correct = 0;
    int unknown = 0;
    int images = 0;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(onnx, options)) {
      for (LabelledImage item : items) {
        RgbImage image;
        try {
          image =
              decoder.decode(Files.readAllBytes(holdout.resolve(item.key())), inputSize, inputSize);
        } catch (MenagerieException e) {
          continue; // not an image the classify function would accept either
        }
        images++;
        int truth = labels.indexOf(item.label());
        if (truth < 0) {
          unknown++;
          continue;
        }
        try (OnnxTensor input =
                OnnxTensor.createTensor(
                    env, FloatBuffer.wrap(image.toChw()), new long[] {1, 3, inputSize, inputSize});
            OrtSession.Result result = session.run(Map.of(Classifier.INPUT, input))) {
          float[] probabilities = ((float[][]) result.get(Classifier.OUTPUT).get().getValue())[0];
          int top = 0;
          for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[top]) {
              top = k;
            }
          }
          if (top == truth) {
            correct++;
          }
        }
      }
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime could not run the exported model: " + e.getMessage(), e);
    }
    return new Result(images, correct, unknown);
  }
}
