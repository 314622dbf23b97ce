package dev.menagerie.local.template;

import static dev.menagerie.local.template.CloudFormationYaml.asList;
import static dev.menagerie.local.template.CloudFormationYaml.asMap;
import static dev.menagerie.local.template.CloudFormationYaml.refTarget;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local cloud needs from template.yaml: parameters, resources, function settings and the
 * HTTP routes with the handler behind each. Intrinsics are in their long form (see {@link
 * CloudFormationYaml}).
 */
public final class Template {
  private static final Pattern INTEGRATION_TARGET =
      Pattern.compile("integrations/\\$\\{([A-Za-z0-9]+)}");

  private final CloudFormationYaml yaml;

  private Template(CloudFormationYaml yaml) {
    this.yaml = yaml;
  }

  public static Template read(Path file) throws IOException {
    return new Template(CloudFormationYaml.load(file));
  }

  public static Template parse(String text) {
    return new Template(CloudFormationYaml.parse(text));
  }

  public CloudFormationYaml yaml() {
    return yaml;
  }

  /** Parameter name to its default ("" when it has none). */
  public Map<String, String> parameterDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    yaml.parameters()
        .forEach(
            (name, spec) -> {
              Object value = asMap(spec).get("Default");
              defaults.put(name, value == null ? "" : String.valueOf(value));
            });
    return defaults;
  }

  /** Logical ids of resources of one type, in template order. */
  public List<String> resourcesOfType(String type) {
    return new ArrayList<>(yaml.resourcesOfType(type).keySet());
  }

  public Map<String, Object> properties(String logicalId) {
    return yaml.properties(logicalId);
  }

  public String resourceType(String logicalId) {
    return String.valueOf(yaml.resource(logicalId).get("Type"));
  }

  public boolean hasResource(String logicalId) {
    return yaml.resources().containsKey(logicalId);
  }

  /** A function's environment variables, Globals first, the function's own winning. */
  public Map<String, Object> functionEnvironment(String functionId) {
    return yaml.functionEnvironment(functionId);
  }

  /** A function property, falling back to Globals.Function. */
  public Optional<Object> functionProperty(String functionId, String name) {
    return Optional.ofNullable(yaml.functionProperty(functionId, name));
  }

  /** Every {@code AWS::ApiGatewayV2::Route}, followed through its integration to a function. */
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
              routeKey.substring(0, space).toUpperCase(Locale.ROOT),
              routeKey.substring(space + 1),
              functionId,
              handlerClass(functionId)));
    }
    return routes;
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

  /** The function behind a route's {@code integrations/${X}} target. */
  private String integrationFunction(String routeId, Object target) {
    String text = String.join(" ", CloudFormationYaml.strings(target));
    Matcher integration = INTEGRATION_TARGET.matcher(text);
    if (!integration.find()) {
      throw new IllegalArgumentException(
          routeId + " has Target " + target + ", not integrations/${Integration}");
    }
    Object uri = properties(integration.group(1)).get("IntegrationUri");
    List<String> candidates = new ArrayList<>();
    refTarget(uri).ifPresent(candidates::add);
    Object getAtt = asMap(uri instanceof Map<?, ?> ? uri : null).get("Fn::GetAtt");
    if (getAtt != null) {
      candidates.add(String.valueOf(asList(getAtt).get(0)));
    }
    for (String s : CloudFormationYaml.strings(uri)) {
      Matcher names = Pattern.compile("[A-Za-z0-9]+").matcher(s);
      while (names.find()) {
        candidates.add(names.group());
      }
    }
    for (String candidate : candidates) {
      String id =
          candidate.contains(".") ? candidate.substring(0, candidate.indexOf('.')) : candidate;
      if (hasResource(id) && resourceType(id).equals("AWS::Serverless::Function")) {
        return id;
      }
    }
    throw new IllegalArgumentException(
        "integration "
            + integration.group(1)
            + " of "
            + routeId
            + " does not name a serverless function: "
            + uri);
  }

  /** A route of the HTTP API and the function behind it. */
  public record HttpRoute(String method, String path, String functionId, String handlerClass) {}
}
