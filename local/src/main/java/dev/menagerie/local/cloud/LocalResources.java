package dev.menagerie.local.cloud;

import dev.menagerie.local.template.CloudFormationYaml;
import dev.menagerie.local.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local names of the template's resources, and a resolver for the intrinsic functions that
 * appear in function environments ({@code !Ref}, {@code !GetAtt}, {@code !Sub}).
 */
public final class LocalResources {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "000000000000";

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

  private final Template template;
  private final Map<String, String> parameters;

  public LocalResources(Template template, Map<String, String> parameterOverrides) {
    this.template = template;
    this.parameters = new LinkedHashMap<>(template.parameterDefaults());
    parameterOverrides.forEach(
        (name, value) -> {
          if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException(
                "template has no parameter " + name + "; it has " + parameters.keySet());
          }
          parameters.put(name, value);
        });
  }

  public Template template() {
    return template;
  }

  public List<String> tableIds() {
    return template.resourcesOfType("AWS::DynamoDB::Table");
  }

  public List<String> bucketIds() {
    return template.resourcesOfType("AWS::S3::Bucket");
  }

  /** A table's local name: its logical id. */
  public String tableName(String logicalId) {
    return logicalId;
  }

  /** A bucket's local name: "menagerie-" and the logical id in lower case. */
  public String bucketName(String logicalId) {
    return "menagerie-" + logicalId.toLowerCase(Locale.ROOT);
  }

  public List<String> bucketNames() {
    List<String> names = new ArrayList<>();
    bucketIds().forEach(id -> names.add(bucketName(id)));
    return names;
  }

  /** What {@code !Ref logicalId} gives locally. */
  public String ref(String logicalId) {
    if (parameters.containsKey(logicalId)) {
      return parameters.get(logicalId);
    }
    switch (logicalId) {
      case "AWS::Region":
        return REGION;
      case "AWS::AccountId":
        return ACCOUNT;
      case "AWS::StackName":
        return "menagerie-local";
      case "AWS::Partition":
        return "aws";
      default:
        break;
    }
    if (!template.hasResource(logicalId)) {
      throw new IllegalArgumentException("!Ref " + logicalId + ": no such parameter or resource");
    }
    return switch (template.resourceType(logicalId)) {
      case "AWS::DynamoDB::Table" -> tableName(logicalId);
      case "AWS::S3::Bucket" -> bucketName(logicalId);
      default -> "local-" + logicalId;
    };
  }

  /** Resolves a template value (a literal or an intrinsic) to the string a function would see. */
  public String resolve(Object value) {
    if (CloudFormationYaml.isIntrinsic(value)) {
      Map<String, Object> intrinsic = CloudFormationYaml.asMap(value);
      String function = intrinsic.keySet().iterator().next();
      Object argument = intrinsic.get(function);
      return switch (function) {
        case "Ref" -> ref(String.valueOf(argument));
        case "Fn::GetAtt" -> getAtt(argument);
        case "Fn::Sub" -> sub(argument);
        default ->
            throw new IllegalArgumentException(
                "the local cloud cannot resolve " + function + " in an environment");
      };
    }
    return value == null ? "" : String.valueOf(value);
  }

  /** A function's environment as the template declares it, resolved. */
  public Map<String, String> functionEnvironment(String functionId) {
    Map<String, String> environment = new LinkedHashMap<>();
    template.functionEnvironment(functionId).forEach((k, v) -> environment.put(k, resolve(v)));
    return environment;
  }

  private String getAtt(Object argument) {
    String spec =
        argument instanceof List<?> parts
            ? parts.get(0) + "." + parts.get(1)
            : String.valueOf(argument);
    String id = spec.substring(0, spec.indexOf('.'));
    String attribute = spec.substring(spec.indexOf('.') + 1);
    String type = template.resourceType(id);
    if (attribute.equals("Arn")) {
      return switch (type) {
        case "AWS::S3::Bucket" -> "arn:aws:s3:::" + bucketName(id);
        case "AWS::DynamoDB::Table" ->
            "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + tableName(id);
        default -> "arn:aws:local:" + REGION + ":" + ACCOUNT + ":" + id;
      };
    }
    return "local-" + id + "-" + attribute;
  }

  private String sub(Object argument) {
    String text =
        argument instanceof List<?> parts ? String.valueOf(parts.get(0)) : String.valueOf(argument);
    Matcher matcher = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement = name.contains(".") ? getAtt(name) : ref(name);
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
