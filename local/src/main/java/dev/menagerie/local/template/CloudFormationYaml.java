package dev.menagerie.local.template;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation (or SAM) template read the way CloudFormation reads it: the short-form
 * intrinsics ({@code !Ref}, {@code !Sub}, {@code !GetAtt}, ...) become their long form ({@code
 * {"Ref": ...}}, {@code {"Fn::Sub": ...}}, {@code {"Fn::GetAtt": [resource, attribute]}}), so a
 * check sees one shape whichever form the author wrote. The raw text and the node tree (with line
 * numbers) stay available for checks about comments and layout.
 */
public final class CloudFormationYaml {

  /** Short-form tags and the long-form keys they stand for. */
  private static final Map<String, String> SHORT_FORMS = shortForms();

  private final String text;
  private final Map<String, Object> root;

  private CloudFormationYaml(String text, Map<String, Object> root) {
    this.text = text;
    this.root = root;
  }

  public static CloudFormationYaml load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  public static CloudFormationYaml parse(String text) {
    Object document = newYaml().load(text);
    if (!(document instanceof Map)) {
      throw new IllegalArgumentException("a template is a YAML mapping, got " + document);
    }
    return new CloudFormationYaml(text, asMap(document));
  }

  public String text() {
    return text;
  }

  public List<String> lines() {
    return text.lines().toList();
  }

  /** The YAML node tree, with start and end marks (0-based lines), for line-aware checks. */
  public Node nodes() {
    return newYaml().compose(new StringReader(text));
  }

  public Map<String, Object> root() {
    return root;
  }

  public Map<String, Object> section(String name) {
    return asMap(root.get(name));
  }

  public Map<String, Object> parameters() {
    return section("Parameters");
  }

  public Map<String, Object> conditions() {
    return section("Conditions");
  }

  public Map<String, Object> outputs() {
    return section("Outputs");
  }

  /** {@code Globals.<kind>} of a SAM template, e.g. {@code globals("Function")}; empty if none. */
  public Map<String, Object> globals(String kind) {
    return asMap(section("Globals").get(kind));
  }

  /** Every resource by logical id, in template order. */
  public Map<String, Map<String, Object>> resources() {
    Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
    section("Resources").forEach((id, resource) -> resources.put(id, asMap(resource)));
    return resources;
  }

  /** The resources of the given types, by logical id, in template order. */
  public Map<String, Map<String, Object>> resourcesOfType(String... types) {
    Set<String> wanted = Set.of(types);
    Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
    resources()
        .forEach(
            (id, resource) -> {
              if (wanted.contains(resource.get("Type"))) {
                matching.put(id, resource);
              }
            });
    return matching;
  }

  public Map<String, Object> resource(String id) {
    Map<String, Object> resource = resources().get(id);
    if (resource == null) {
      throw new IllegalArgumentException(
          "no resource " + id + "; expected one of " + resources().keySet());
    }
    return resource;
  }

  public Map<String, Object> properties(String id) {
    return asMap(resource(id).get("Properties"));
  }

  /**
   * A SAM function's environment as the transform builds it: {@code Globals.Function} variables
   * overlaid by the function's own.
   */
  public Map<String, Object> functionEnvironment(String functionId) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.putAll(asMap(asMap(globals("Function").get("Environment")).get("Variables")));
    variables.putAll(asMap(asMap(properties(functionId).get("Environment")).get("Variables")));
    return variables;
  }

  /**
   * A SAM function's property, falling back to {@code Globals.Function}; null if neither sets it.
   */
  public Object functionProperty(String functionId, String property) {
    Object own = properties(functionId).get(property);
    return own != null ? own : globals("Function").get(property);
  }

  // ---------------------------------------------------------------- value helpers

  /** A map, or an empty map for null; fails for anything else. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map) {
      return (Map<String, Object>) value;
    }
    throw new IllegalArgumentException("expected a mapping, got " + value);
  }

  /** A list as is, a single value as a one-element list, null as an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Object> asList(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List) {
      return (List<Object>) value;
    }
    return List.of(value);
  }

  /** True for {@code {"Ref": ...}}, {@code {"Fn::...": ...}} and {@code {"Condition": ...}}. */
  public static boolean isIntrinsic(Object value) {
    if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
      return false;
    }
    String key = String.valueOf(map.keySet().iterator().next());
    return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
  }

  /** The logical id or parameter a {@code {"Ref": name}} points at. */
  public static Optional<String> refTarget(Object value) {
    if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Ref") instanceof String s) {
      return Optional.of(s);
    }
    return Optional.empty();
  }

  public static boolean isNoValue(Object value) {
    return refTarget(value).filter("AWS::NoValue"::equals).isPresent();
  }

  /**
   * The values a property may take: the branches of every {@code Fn::If} (nested ones too), without
   * {@code AWS::NoValue}; any other value as itself.
   */
  public static List<Object> possibleValues(Object value) {
    if (value instanceof Map<?, ?> map
        && map.size() == 1
        && map.get("Fn::If") instanceof List<?> if3) {
      List<Object> values = new ArrayList<>();
      if (if3.size() == 3) {
        values.addAll(possibleValues(if3.get(1)));
        values.addAll(possibleValues(if3.get(2)));
      }
      return values;
    }
    return isNoValue(value) ? List.of() : Collections.singletonList(value);
  }

  /** Every string under a value (through lists, maps and intrinsics), for text-level checks. */
  public static List<String> strings(Object value) {
    List<String> strings = new ArrayList<>();
    collectStrings(value, strings);
    return strings;
  }

  private static void collectStrings(Object value, List<String> into) {
    if (value instanceof String s) {
      into.add(s);
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> collectStrings(v, into));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collectStrings(v, into));
    }
  }

  // ---------------------------------------------------------------- parsing

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new IntrinsicConstructor(options));
  }

  private static Map<String, String> shortForms() {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("!Ref", "Ref");
    forms.put("!Condition", "Condition");
    for (String fn :
        List.of(
            "GetAtt",
            "Sub",
            "If",
            "Equals",
            "Not",
            "And",
            "Or",
            "Join",
            "Select",
            "Split",
            "FindInMap",
            "Base64",
            "ImportValue",
            "GetAZs",
            "Cidr",
            "Transform",
            "Length",
            "ToJsonString")) {
      forms.put("!" + fn, "Fn::" + fn);
    }
    return Collections.unmodifiableMap(forms);
  }

  /** SnakeYAML's safe constructor, plus the CloudFormation short-form tags. */
  private static final class IntrinsicConstructor extends SafeConstructor {

    IntrinsicConstructor(LoaderOptions options) {
      super(options);
      SHORT_FORMS.forEach((tag, key) -> yamlConstructors.put(new Tag(tag), new Intrinsic(key)));
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String key;

      Intrinsic(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Object argument;
        if (node instanceof ScalarNode scalar) {
          String value = constructScalar(scalar);
          // !GetAtt Resource.Attribute is short for [Resource, Attribute]; the attribute may hold
          // dots.
          argument =
              key.equals("Fn::GetAtt") && value.contains(".")
                  ? List.of(
                      value.substring(0, value.indexOf('.')),
                      value.substring(value.indexOf('.') + 1))
                  : value;
        } else if (node instanceof SequenceNode sequence) {
          argument = constructSequence(sequence);
        } else {
          argument = constructMapping((MappingNode) node);
        }
        Map<String, Object> intrinsic = new LinkedHashMap<>();
        intrinsic.put(key, argument);
        return intrinsic;
      }
    }
  }
}
