package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** openapi.yaml describes exactly the routes template.yaml declares, and nothing else. */
class OpenApiTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @Test
  void openApi_shouldDescribeEveryTemplateRouteAndNoOther() throws IOException {
    Set<String> template = new TreeSet<>();
    Template.read(RepositoryRoot.template())
        .httpRoutes()
        .forEach(r -> template.add(r.method() + " " + r.path()));

    assertThat(openApiRoutes()).isEqualTo(template);
    assertThat(template).contains("POST /classify", "GET /dashboard");
  }

  @Test
  void everyOperation_shouldHaveAnIdAndErrorOrSuccessResponses() throws IOException {
    Map<String, Object> paths = map(openApi().get("paths"));
    paths.forEach(
        (path, item) ->
            map(item)
                .forEach(
                    (method, operation) -> {
                      if (!METHODS.contains(method)) {
                        return;
                      }
                      Map<String, Object> op = map(operation);
                      assertThat(op).as(method + " " + path).containsKey("operationId");
                      assertThat(map(op.get("responses")))
                          .as(method + " " + path)
                          .containsKey("200");
                      if (path.contains("{")) {
                        assertThat(String.valueOf(op.get("parameters")))
                            .as("path parameters of " + path)
                            .contains("in=path");
                      }
                    }));
  }

  private static Set<String> openApiRoutes() throws IOException {
    Set<String> routes = new TreeSet<>();
    map(openApi().get("paths"))
        .forEach(
            (path, item) ->
                map(item).keySet().stream()
                    .filter(METHODS::contains)
                    .forEach(m -> routes.add(m.toUpperCase(Locale.ROOT) + " " + path)));
    return routes;
  }

  private static Map<String, Object> openApi() throws IOException {
    String text = Files.readString(RepositoryRoot.path().resolve("openapi.yaml"));
    Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    assertThat(root).containsEntry("openapi", "3.0.3");
    return root;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }
}
