package dev.menagerie.training.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DenormalsAsZeroTest {

  @Test
  void enabledOnAThread_shouldMakePyTorchTreatDenormalsAsZeroThere() throws Exception {
    // GIVEN a fresh thread (the setting is per thread), and a denormal float
    float denormal = 1e-39f;
    AtomicReference<float[]> before = new AtomicReference<>();
    AtomicReference<float[]> after = new AtomicReference<>();
    AtomicReference<Boolean> enabled = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try (NDManager manager = NDManager.newBaseManager()) {
                // WHEN PyTorch multiplies it by 1 before and after the switch
                before.set(manager.create(new float[] {denormal}).mul(1f).toFloatArray());
                enabled.set(DenormalsAsZero.enable());
                after.set(manager.create(new float[] {denormal}).mul(1f).toFloatArray());
              }
            });
    thread.start();
    thread.join();
    // THEN it was kept before, and is zero after (denormals-are-zero on that thread)
    assertThat(enabled.get()).isTrue();
    assertThat(before.get()[0]).isEqualTo(denormal);
    assertThat(after.get()[0]).isZero();
  }
}
