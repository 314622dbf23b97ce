package dev.menagerie.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.kernels.Kernels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warm start: a new network for the new label list whose every weight except the output layer
 * is the previous model's (copied bit for bit, BatchNorm statistics included), and whose output
 * layer is sized for the new classes and freshly initialised. Nothing is frozen. It is applied on
 * every warm start, whether or not the classes changed, so old label order never matters: renamed
 * or removed classes simply get no row in the new head.
 */
public final class HeadReset {
  private HeadReset() {}

  /**
   * Builds the warm-started network in {@code manager}. The engine's random seed decides the new
   * head's initial values.
   */
  public static SequentialBlock apply(
      ModelFiles previous, Architecture next, List<String> newLabels, NDManager manager)
      throws IOException {
    return apply(previous, next, newLabels, manager, Kernels.DEFAULT);
  }

  /**
   * As {@link #apply(ModelFiles, Architecture, List, NDManager)}, the network on {@code kernels}.
   */
  public static SequentialBlock apply(
      ModelFiles previous,
      Architecture next,
      List<String> newLabels,
      NDManager manager,
      Kernels kernels)
      throws IOException {
    if (newLabels.size() != next.classes()) {
      throw new IllegalArgumentException(
          newLabels.size() + " labels for an architecture of " + next.classes() + " classes");
    }
    if (!previous.architecture().sameFeaturesAs(next)) {
      throw new IllegalArgumentException(
          "cannot warm-start "
              + next.name()
              + " (width "
              + next.width()
              + ", input "
              + next.inputSize()
              + ") from "
              + previous.architecture().name()
              + " (width "
              + previous.architecture().width()
              + ", input "
              + previous.architecture().inputSize()
              + "): only the head may differ");
    }
    SequentialBlock network = DjlNetwork.build(next, kernels);
    DjlNetwork.initialize(network, next, manager);
    Map<Parameter, Boolean> head = new IdentityHashMap<>();
    DjlNetwork.head(network).getParameters().values().forEach(p -> head.put(p, true));
    try (NDManager scratch = manager.newSubManager()) {
      SequentialBlock old = previous.network(scratch, kernels);
      List<Pair<String, Parameter>> from = new ArrayList<>();
      old.getParameters().forEach(from::add);
      List<Pair<String, Parameter>> to = new ArrayList<>();
      network.getParameters().forEach(to::add);
      if (from.size() != to.size()) {
        throw new IllegalStateException(
            "previous network has " + from.size() + " parameters, new one " + to.size());
      }
      for (int i = 0; i < to.size(); i++) {
        Parameter target = to.get(i).getValue();
        if (head.containsKey(target)) {
          continue;
        }
        NDArray source = from.get(i).getValue().getArray();
        NDArray dest = target.getArray();
        if (!from.get(i).getKey().equals(to.get(i).getKey())
            || !source.getShape().equals(dest.getShape())) {
          throw new IllegalStateException(
              "parameter "
                  + to.get(i).getKey()
                  + " "
                  + dest.getShape()
                  + " does not match the previous model's "
                  + from.get(i).getKey()
                  + " "
                  + source.getShape());
        }
        dest.set(source.toFloatArray());
      }
    }
    return network;
  }
}
