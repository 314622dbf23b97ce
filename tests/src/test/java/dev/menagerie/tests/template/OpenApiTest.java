package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    // GIVEN openapi.yaml WHEN its operations are checked THEN none has a problem, and every route
    // of the template was checked (so an empty or missing paths map cannot pass)
    List<String> checked = new ArrayList<>();
    assertThat(operationProblems(openApi(), checked)).isEmpty();
    assertThat(checked).hasSameSizeAs(openApiRoutes()).hasSizeGreaterThan(10);
  }

  @Test
  void operationCheck_shouldFailOnAMissingPathsMapAndOnEachPlantedMistake() {
    // GIVEN documents with no paths, an empty paths map, and one mistake per rule
    Map<String, Object> good =
        Map.of(
            "operationId",
            "getThing",
            "parameters",
            List.of(Map.of("name", "id", "in", "path")),
            "responses",
            Map.of("200", Map.of()));
    Map<String, Object> noId = new LinkedHashMap<>(good);
    noId.remove("operationId");
    Map<String, Object> no200 = new LinkedHashMap<>(good);
    no200.put("responses", Map.of("400", Map.of()));
    Map<String, Object> noPathParameter = new LinkedHashMap<>(good);
    noPathParameter.remove("parameters");
    // WHEN they are checked THEN each is reported
    assertThat(operationProblems(Map.of("openapi", "3.0.3"), new ArrayList<>()))
        .containsExactly("openapi.yaml has no paths map");
    assertThat(operationProblems(Map.of("paths", Map.of()), new ArrayList<>()))
        .containsExactly("openapi.yaml has no operations");
    assertThat(operationProblems(document(good), new ArrayList<>())).isEmpty();
    assertThat(operationProblems(document(noId), new ArrayList<>()))
        .containsExactly("get /things/{id} has no operationId");
    assertThat(operationProblems(document(no200), new ArrayList<>()))
        .containsExactly("get /things/{id} has no 200 response");
    assertThat(operationProblems(document(noPathParameter), new ArrayList<>()))
        .containsExactly("get /things/{id} declares no path parameter");
  }

  private static Map<String, Object> document(Map<String, Object> operation) {
    return Map.of("paths", Map.of("/things/{id}", Map.of("get", operation)));
  }

  /** What is wrong with the operations of {@code openApi}; each operation checked is added. */
  private static List<String> operationProblems(Map<String, Object> openApi, List<String> checked) {
    List<String> problems = new ArrayList<>();
    if (!(openApi.get("paths") instanceof Map<?, ?>)) {
      return List.of("openapi.yaml has no paths map");
    }
    map(openApi.get("paths"))
        .forEach(
            (path, item) ->
                map(item)
                    .forEach(
                        (method, operation) -> {
                          if (!METHODS.contains(method)) {
                            return;
                          }
                          String name = method + " " + path;
                          checked.add(name);
                          Map<String, Object> op = map(operation);
                          if (!op.containsKey("operationId")) {
                            problems.add(name + " has no operationId");
                          }
                          if (!map(op.get("responses")).containsKey("200")) {
                            problems.add(name + " has no 200 response");
                          }
                          if (path.contains("{")
                              && !String.valueOf(op.get("parameters")).contains("in=path")) {
                            problems.add(name + " declares no path parameter");
                          }
                        }));
    if (checked.isEmpty() && problems.isEmpty()) {
      problems.add("openapi.yaml has no operations");
    }
    return problems;
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
