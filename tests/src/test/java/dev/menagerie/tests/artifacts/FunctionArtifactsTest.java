package dev.menagerie.tests.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.template.Template;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every function in template.yaml points at a built artifact holding its handler. */
class FunctionArtifactsTest {
  private static final long LAMBDA_UNZIPPED_LIMIT = 250L * 1024 * 1024;

  static Stream<String> functions() throws Exception {
    return template().resourcesOfType("AWS::Serverless::Function").stream();
  }

  @ParameterizedTest
  @MethodSource("functions")
  void codeUri_shouldHoldTheHandlerClassAndMethod(String functionId) throws Exception {
    Template template = template();
    Path artifact =
        LocalCloudExtension.repositoryRoot()
            .resolve(String.valueOf(template.properties(functionId).get("CodeUri")));
    String handler = String.valueOf(template.functionProperty(functionId, "Handler").orElseThrow());
    String className = handler.substring(0, handler.indexOf("::"));
    String methodName = handler.substring(handler.indexOf("::") + 2);

    assertThat(artifact)
        .as("the build writes the artifact template.yaml points at")
        .isRegularFile();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {artifact.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> type = Class.forName(className, false, loader);
      List<String> methods = Arrays.stream(type.getMethods()).map(Method::getName).toList();
      assertThat(methods).as(className + " methods").contains(methodName);
      assertThat(type.getConstructor()).as("the no-argument constructor Lambda calls").isNotNull();
    }
  }

  @ParameterizedTest
  @MethodSource("functions")
  void codeUri_shouldFitLambdaAndCarryOnlyLinuxX64Natives(String functionId) throws Exception {
    Path artifact =
        LocalCloudExtension.repositoryRoot()
            .resolve(String.valueOf(template().properties(functionId).get("CodeUri")));
    try (JarFile jar = new JarFile(artifact.toFile())) {
      long unzipped = jar.stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
      assertThat(unzipped).isLessThan(LAMBDA_UNZIPPED_LIMIT);
      List<String> natives =
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.startsWith("ai/onnxruntime/native/") && !n.endsWith("/"))
              .toList();
      assertThat(natives).allMatch(n -> n.startsWith("ai/onnxruntime/native/linux-x64/"));
      // the functions that run a model carry ONNX Runtime's natives; the others leave them out
      if (runsAModel(functionId)) {
        assertThat(natives).as(functionId + " runs a model").isNotEmpty();
      } else {
        assertThat(natives).as(functionId + " runs no model").isEmpty();
      }
    }
  }

  /** Every function runs a model except these (reports and rollups only read tables). */
  private static boolean runsAModel(String functionId) {
    return !java.util.Set.of("ReportsFunction", "RollupFunction").contains(functionId);
  }

  private static Template template() throws Exception {
    return Template.read(LocalCloudExtension.repositoryRoot().resolve("template.yaml"));
  }
}
