package dev.menagerie.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parts of template.yaml the local cloud needs: parameters, resources, function settings. */
public final class Template {
  private final Map<String, Object> root;

  private Template(Map<String, Object> root) {
    this.root = root;
  }

  public static Template read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  public static Template parse(String text) {
    return new Template(CloudFormationYaml.parse(text));
  }

  /** Parameter name to its default ("" when it has none). */
  public Map<String, String> parameterDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    map(root.get("Parameters"))
        .forEach(
            (name, spec) -> {
              Object value = map(spec).get("Default");
              defaults.put(name, value == null ? "" : String.valueOf(value));
            });
    return defaults;
  }

  /** Logical ids of resources of one type, in template order. */
  public List<String> resourcesOfType(String type) {
    List<String> ids = new ArrayList<>();
    resources()
        .forEach(
            (id, resource) -> {
              if (type.equals(map(resource).get("Type"))) {
                ids.add(id);
              }
            });
    return ids;
  }

  public Map<String, Object> properties(String logicalId) {
    Object resource = resources().get(logicalId);
    if (resource == null) {
      throw new IllegalArgumentException("template has no resource " + logicalId);
    }
    return map(map(resource).get("Properties"));
  }

  public String resourceType(String logicalId) {
    return String.valueOf(map(resources().get(logicalId)).get("Type"));
  }

  public boolean hasResource(String logicalId) {
    return resources().containsKey(logicalId);
  }

  /** A function's environment variables, Globals first, the function's own winning. */
  public Map<String, Object> functionEnvironment(String functionId) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.putAll(
        map(
            map(map(map(root.get("Globals")).get("Function")).get("Environment"))
                .get("Variables")));
    variables.putAll(map(map(properties(functionId).get("Environment")).get("Variables")));
    return variables;
  }

  /** A function property, falling back to Globals.Function. */
  public Optional<Object> functionProperty(String functionId, String name) {
    Object own = properties(functionId).get(name);
    if (own != null) {
      return Optional.of(own);
    }
    return Optional.ofNullable(map(map(root.get("Globals")).get("Function")).get(name));
  }

  /**
   * Every HTTP route: {@code AWS::ApiGatewayV2::Route} resources (through their integration to a
   * function) and {@code HttpApi} events of serverless functions.
   */
  public List<HttpRoute> httpRoutes() {
    List<HttpRoute> routes = new ArrayList<>();
    for (String routeId : resourcesOfType("AWS::ApiGatewayV2::Route")) {
      Map<String, Object> route = properties(routeId);
      String routeKey = String.valueOf(route.get("RouteKey"));
      int space = routeKey.indexOf(' ');
      if (space < 0) {
        throw new IllegalArgumentException(
            routeId + " has RouteKey '" + routeKey + "', not 'METHOD /path'");
      }
      String functionId = integrationFunction(routeId, route.get("Target"));
      routes.add(
          new HttpRoute(
              routeKey.substring(0, space).toUpperCase(java.util.Locale.ROOT),
              routeKey.substring(space + 1),
              functionId,
              handlerClass(functionId)));
    }
    for (String functionId : resourcesOfType("AWS::Serverless::Function")) {
      Map<String, Object> function = properties(functionId);
      map(function.get("Events"))
          .forEach(
              (eventId, event) -> {
                Map<String, Object> spec = map(event);
                if ("HttpApi".equals(spec.get("Type"))) {
                  Map<String, Object> props = map(spec.get("Properties"));
                  routes.add(
                      new HttpRoute(
                          String.valueOf(props.get("Method")).toUpperCase(java.util.Locale.ROOT),
                          String.valueOf(props.get("Path")),
                          functionId,
                          handlerClass(functionId)));
                }
              });
    }
    return routes;
  }

  /** The function behind a route's {@code integrations/${X}} target. */
  private String integrationFunction(String routeId, Object target) {
    String text =
        target instanceof Intrinsic intrinsic
            ? String.valueOf(intrinsic.argument())
            : String.valueOf(target);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("integrations/\\$\\{([A-Za-z0-9]+)}").matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(
          routeId + " has Target " + target + ", not integrations/${Integration}");
    }
    Object uri = properties(m.group(1)).get("IntegrationUri");
    String reference =
        uri instanceof Intrinsic intrinsic
            ? String.valueOf(intrinsic.argument())
            : String.valueOf(uri);
    if (uri instanceof Intrinsic intrinsic && intrinsic.argument() instanceof List<?> parts) {
      reference = String.valueOf(parts.get(0));
    }
    java.util.regex.Matcher f =
        java.util.regex.Pattern.compile("([A-Za-z0-9]+)").matcher(reference.replace("${", ""));
    while (f.find()) {
      String candidate = f.group(1);
      if (hasResource(candidate) && resourceType(candidate).equals("AWS::Serverless::Function")) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "integration "
            + m.group(1)
            + " of "
            + routeId
            + " does not name a serverless function: "
            + uri);
  }

  /** The handler class of a function (the part of Handler before "::"). */
  public String handlerClass(String functionId) {
    String handler =
        String.valueOf(
            functionProperty(functionId, "Handler")
                .orElseThrow(() -> new IllegalArgumentException(functionId + " has no Handler")));
    int separator = handler.indexOf("::");
    return separator < 0 ? handler : handler.substring(0, separator);
  }

  private Map<String, Object> resources() {
    return map(root.get("Resources"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  /** A route of the HTTP API and the function behind it. */
  public record HttpRoute(String method, String path, String functionId, String handlerClass) {}
}
