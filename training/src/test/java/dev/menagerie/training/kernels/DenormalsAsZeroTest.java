package dev.menagerie.training.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs in a child JVM: ONNX Runtime applies the option once per process, for its first session, and
 * other tests in this JVM may have created sessions already (as a training job never does).
 */
class DenormalsAsZeroTest {

  /** The child: PyTorch's view of a denormal before and after the switch, on one thread. */
  public static final class Probe {
    public static void main(String[] args) {
      boolean before = DenormalsAsZero.flushesDenormals();
      boolean enabled = DenormalsAsZero.enable();
      boolean after = DenormalsAsZero.flushesDenormals();
      System.out.println("before=" + before + " enabled=" + enabled + " after=" + after);
    }
  }

  @Test
  void enabledFirstInAJvm_shouldMakePyTorchTreatDenormalsAsZero() throws Exception {
    // GIVEN a fresh JVM (as a training job is)
    // WHEN PyTorch multiplies a denormal by 1 before and after the switch
    String printed = runProbe();
    // THEN it was kept before, and is zero after
    assertThat(printed).contains("before=false enabled=true after=true");
  }

  private static String runProbe() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Probe.class.getName()))
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
