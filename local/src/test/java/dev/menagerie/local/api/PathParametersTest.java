package dev.menagerie.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.template.Template.HttpRoute;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route paths with {@code {param}} segments match as in an HTTP API, filling pathParameters. */
class PathParametersTest {

  @Test
  void parameterSegment_shouldMatchOneSegmentAndBeDecoded() {
    assertThat(
            LocalHttpApi.pathParameters(
                "/transactions/{requestId}/evaluation", "/transactions/a%2Fb%20c+d/evaluation"))
        .isEqualTo(Map.of("requestId", "a/b c+d"));
    assertThat(LocalHttpApi.pathParameters("/classify", "/classify")).isEmpty();
  }

  @Test
  void otherPaths_shouldNotMatch() {
    String route = "/transactions/{requestId}/evaluation";
    assertThat(LocalHttpApi.pathParameters(route, "/transactions//evaluation")).isNull();
    assertThat(LocalHttpApi.pathParameters(route, "/transactions/x")).isNull();
    assertThat(LocalHttpApi.pathParameters(route, "/transactions/x/evaluation/more")).isNull();
    assertThat(LocalHttpApi.pathParameters(route, "/transaction/x/evaluation")).isNull();
    assertThat(LocalHttpApi.pathParameters("/classify", "/classify/")).isNull();
  }

  @Test
  void greedyParameter_shouldTakeTheRestOfThePath() {
    assertThat(LocalHttpApi.pathParameters("/files/{key+}", "/files/a/b/c.jpg"))
        .isEqualTo(Map.of("key", "a/b/c.jpg"));
    assertThat(LocalHttpApi.pathParameters("/files/{key+}", "/files/")).isNull();
  }

  @Test
  void literalRoute_shouldWinOverAParameterRouteOnTheSamePath() {
    // GIVEN GET /transactions/{requestId} and GET /transactions/sample
    List<LocalHttpApi.Binding> bindings =
        List.of(
            new LocalHttpApi.Binding(
                new HttpRoute("GET", "/transactions/{requestId}", "A", "A"), null),
            new LocalHttpApi.Binding(new HttpRoute("GET", "/transactions/sample", "B", "B"), null));

    // THEN /transactions/sample goes to the literal route first, as API Gateway does
    List<LocalHttpApi.Matched> matched = LocalHttpApi.match(bindings, "/transactions/sample");
    assertThat(matched).hasSize(2);
    assertThat(matched.get(0).binding().route().functionId()).isEqualTo("B");
    assertThat(matched.get(0).parameters()).isEmpty();
    assertThat(LocalHttpApi.match(bindings, "/transactions/r-1").get(0).parameters())
        .isEqualTo(Map.of("requestId", "r-1"));
  }
}
