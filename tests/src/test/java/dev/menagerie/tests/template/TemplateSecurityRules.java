package dev.menagerie.tests.template;

import static dev.menagerie.local.template.CloudFormationYaml.asList;
import static dev.menagerie.local.template.CloudFormationYaml.asMap;
import static dev.menagerie.local.template.CloudFormationYaml.isIntrinsic;
import static dev.menagerie.local.template.CloudFormationYaml.possibleValues;
import static dev.menagerie.local.template.CloudFormationYaml.refTarget;
import static dev.menagerie.local.template.CloudFormationYaml.strings;

import dev.menagerie.local.template.CloudFormationYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The security rules every Menagerie template must keep. Each rule maps a template to its
 * violations, one readable sentence each; an empty list means the rule holds. The rules read the
 * template as written (before the SAM transform), which is where a reviewer reads it too.
 */
final class TemplateSecurityRules {

  private static final Pattern WHOLE_SERVICE_WILDCARD = Pattern.compile("[A-Za-z0-9-]+:\\*");
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|passwd|secret|api_?key|private_?key).*");
  private static final Pattern SECRET_REFERENCE_NAME =
      Pattern.compile("(?i).*(arn|name|id|ref|version|length)$");
  private static final Set<String> ENCRYPTION_ALGORITHMS =
      Set.of("AES256", "aws:kms", "aws:kms:dsse");
  private static final Set<String> ROUTE_AUTHORIZATION = Set.of("AWS_IAM", "JWT", "CUSTOM");

  private TemplateSecurityRules() {}

  /** An IAM statement and where it sits in the template. */
  record Statement(String where, Map<String, Object> body) {
    boolean allows() {
      return !"Deny".equals(body.get("Effect"));
    }
  }

  // ---------------------------------------------------------------- IAM

  /**
   * No Allow statement grants every action ("*"), every action of a service ("s3:*"), or NotAction.
   */
  static List<String> wildcardActions(CloudFormationYaml template) {
    List<String> violations = new ArrayList<>();
    for (Statement statement : iamStatements(template)) {
      if (!statement.allows()) {
        continue;
      }
      if (statement.body().containsKey("NotAction")) {
        violations.add(statement.where() + ": Allow with NotAction grants every other action");
      }
      for (String action : strings(statement.body().get("Action"))) {
        if (action.equals("*") || WHOLE_SERVICE_WILDCARD.matcher(action).matches()) {
          violations.add(statement.where() + ": Action \"" + action + "\" grants a whole service");
        }
      }
    }
    return violations;
  }

  /**
   * A function's or state machine's Policies are explicit statements: no managed policies and no
   * SAM policy templates, whose grants are not visible in the template.
   */
  static List<String> nonExplicitPolicies(CloudFormationYaml template) {
    List<String> violations = new ArrayList<>();
    template
        .resourcesOfType("AWS::Serverless::Function", "AWS::Serverless::StateMachine")
        .forEach(
            (id, resource) -> {
              List<Object> policies = asList(asMap(resource.get("Properties")).get("Policies"));
              for (int i = 0; i < policies.size(); i++) {
                for (Object policy : possibleValues(policies.get(i))) {
                  String where = id + ".Policies[" + i + "]";
                  if (policy instanceof String name) {
                    violations.add(where + ": managed policy " + name + " instead of statements");
                  } else if (isIntrinsic(policy)) {
                    violations.add(where + ": a managed policy ARN instead of statements");
                  } else if (!asMap(policy).containsKey("Statement")) {
                    violations.add(
                        where
                            + ": SAM policy template "
                            + asMap(policy).keySet()
                            + " instead of statements");
                  }
                }
              }
            });
    return violations;
  }

  /**
   * Every {@code Resource: "*"} carries a justification: a comment on the line just above it (above
   * the {@code Resource} key, or above the list item).
   */
  static List<String> unjustifiedWildcardResources(CloudFormationYaml template) {
    List<String> lines = template.lines();
    List<String> violations = new ArrayList<>();
    forEachMapping(
        template.nodes(),
        tuple -> {
          if (!(tuple.getKeyNode() instanceof ScalarNode key)
              || !key.getValue().equals("Resource")) {
            return;
          }
          int keyLine = key.getStartMark().getLine();
          List<Node> values =
              tuple.getValueNode() instanceof SequenceNode sequence
                  ? sequence.getValue()
                  : List.of(tuple.getValueNode());
          for (Node value : values) {
            if (value instanceof ScalarNode scalar && scalar.getValue().equals("*")) {
              int valueLine = scalar.getStartMark().getLine();
              if (!commentAbove(lines, keyLine) && !commentAbove(lines, valueLine)) {
                violations.add(
                    "line "
                        + (valueLine + 1)
                        + ": Resource \"*\" without a justification comment on the line above");
              }
            }
          }
        });
    return violations;
  }

  // ---------------------------------------------------------------- storage

  /** Buckets block public access, are encrypted, and have a policy that denies plain HTTP. */
  static List<String> unprotectedBuckets(CloudFormationYaml template) {
    List<String> violations = new ArrayList<>();
    Map<String, Map<String, Object>> policies = template.resourcesOfType("AWS::S3::BucketPolicy");
    template
        .resourcesOfType("AWS::S3::Bucket")
        .forEach(
            (id, resource) -> {
              Map<String, Object> properties = asMap(resource.get("Properties"));
              Map<String, Object> block = asMap(properties.get("PublicAccessBlockConfiguration"));
              for (String setting :
                  List.of(
                      "BlockPublicAcls",
                      "BlockPublicPolicy",
                      "IgnorePublicAcls",
                      "RestrictPublicBuckets")) {
                if (!isTrue(block.get(setting))) {
                  violations.add(
                      id + ": PublicAccessBlockConfiguration." + setting + " is not true");
                }
              }
              Object acl = properties.get("AccessControl");
              if (acl != null && !"Private".equals(acl)) {
                violations.add(id + ": AccessControl " + acl + " is not Private");
              }
              List<Object> rules =
                  asList(
                      asMap(properties.get("BucketEncryption"))
                          .get("ServerSideEncryptionConfiguration"));
              if (rules.isEmpty()) {
                violations.add(id + ": no BucketEncryption");
              }
              for (Object rule : rules) {
                Object algorithm =
                    asMap(asMap(rule).get("ServerSideEncryptionByDefault")).get("SSEAlgorithm");
                if (!ENCRYPTION_ALGORITHMS.contains(algorithm)) {
                  violations.add(
                      id
                          + ": SSEAlgorithm "
                          + algorithm
                          + ", expected one of "
                          + ENCRYPTION_ALGORITHMS);
                }
              }
              boolean deniesPlainHttp =
                  policies.values().stream()
                      .map(policy -> asMap(policy.get("Properties")))
                      .filter(
                          policy -> refTarget(policy.get("Bucket")).filter(id::equals).isPresent())
                      .flatMap(
                          policy ->
                              asList(asMap(policy.get("PolicyDocument")).get("Statement")).stream())
                      .anyMatch(statement -> deniesInsecureTransport(asMap(statement)));
              if (!deniesPlainHttp) {
                violations.add(
                    id
                        + ": no bucket policy denying s3:* on the bucket and its objects when"
                        + " aws:SecureTransport is false");
              }
            });
    return violations;
  }

  /** Tables have point-in-time recovery and server-side encryption switched on. */
  static List<String> unprotectedTables(CloudFormationYaml template) {
    List<String> violations = new ArrayList<>();
    template
        .resourcesOfType("AWS::DynamoDB::Table")
        .forEach(
            (id, resource) -> {
              Map<String, Object> properties = asMap(resource.get("Properties"));
              if (!isTrue(
                  asMap(properties.get("PointInTimeRecoverySpecification"))
                      .get("PointInTimeRecoveryEnabled"))) {
                violations.add(id + ": point-in-time recovery is not enabled");
              }
              if (!isTrue(asMap(properties.get("SSESpecification")).get("SSEEnabled"))) {
                violations.add(id + ": SSESpecification.SSEEnabled is not true");
              }
            });
    return violations;
  }

  // ---------------------------------------------------------------- logs

  /**
   * Every function logs to a log group declared in the template, with a retention; every log group
   * has a retention. A function's group is the one its LoggingConfig names, or the one named {@code
   * /aws/lambda/${Function}}.
   */
  static List<String> functionsWithoutRetainedLogs(CloudFormationYaml template) {
    List<String> violations = new ArrayList<>();
    Map<String, Map<String, Object>> groups = template.resourcesOfType("AWS::Logs::LogGroup");
    groups.forEach(
        (id, group) -> {
          if (asMap(group.get("Properties")).get("RetentionInDays") == null) {
            violations.add(id + ": log group without RetentionInDays");
          }
        });
    template
        .resourcesOfType("AWS::Serverless::Function", "AWS::Lambda::Function")
        .forEach(
            (id, function) -> {
              Object loggingConfig =
                  function.get("Type").equals("AWS::Serverless::Function")
                      ? template.functionProperty(id, "LoggingConfig")
                      : asMap(function.get("Properties")).get("LoggingConfig");
              Optional<String> named = refTarget(asMap(loggingConfig).get("LogGroup"));
              String conventional = "/aws/lambda/${" + id + "}";
              boolean hasGroup =
                  groups.entrySet().stream()
                      .anyMatch(
                          group -> {
                            Object name =
                                asMap(group.getValue().get("Properties")).get("LogGroupName");
                            return named.filter(group.getKey()::equals).isPresent()
                                || asMap(name).getOrDefault("Fn::Sub", "").equals(conventional);
                          });
              if (!hasGroup) {
                violations.add(
                    id
                        + ": no AWS::Logs::LogGroup in the template for this function (LoggingConfig.LogGroup"
                        + " or LogGroupName "
                        + conventional
                        + ")");
              }
            });
    return violations;
  }

  // ---------------------------------------------------------------- API

  /**
   * No route of any API is public: every route requires IAM, JWT or a custom authorizer, under
   * every combination of the template's conditions.
   */
  static List<String> publicRoutes(CloudFormationYaml template) {
    List<String> violations = new ArrayList<>();
    Map<String, Map<String, Object>> resources = template.resources();

    // Native HTTP API resources.
    template
        .resourcesOfType("AWS::ApiGatewayV2::Api")
        .forEach(
            (id, api) -> {
              Map<String, Object> properties = asMap(api.get("Properties"));
              if (properties.containsKey("Target")) {
                violations.add(
                    id + ": Target (quick create) adds a $default route with no authorization");
              }
              if (properties.containsKey("Body") || properties.containsKey("BodyS3Location")) {
                violations.add(
                    id
                        + ": routes in an OpenAPI body cannot be checked; declare AWS::ApiGatewayV2::Route resources");
              }
            });
    template
        .resourcesOfType("AWS::ApiGatewayV2::Route")
        .forEach(
            (id, route) -> {
              Set<String> conditions = new LinkedHashSet<>();
              collectConditions(route, conditions);
              for (String authorizer : referencedResources(route.get("Properties"))) {
                Map<String, Object> target = resources.get(authorizer);
                if (target != null && target.get("Condition") instanceof String c) {
                  conditions.add(c);
                }
              }
              for (Map<String, Boolean> assumed : assignments(new ArrayList<>(conditions))) {
                if (route.get("Condition") instanceof String c && !assumed.get(c)) {
                  continue;
                }
                Map<String, Object> properties = asMap(resolve(route.get("Properties"), assumed));
                String where = id + " (" + properties.get("RouteKey") + ")" + when(assumed);
                Object type = properties.get("AuthorizationType");
                if (type == null || "NONE".equals(type)) {
                  violations.add(where + ": public route (AuthorizationType " + type + ")");
                } else if (!ROUTE_AUTHORIZATION.contains(type)) {
                  violations.add(
                      where
                          + ": AuthorizationType "
                          + type
                          + ", expected one of "
                          + ROUTE_AUTHORIZATION);
                } else if (!type.equals("AWS_IAM")) {
                  Optional<String> authorizer = refTarget(properties.get("AuthorizerId"));
                  Map<String, Object> target = authorizer.map(resources::get).orElse(null);
                  if (authorizer.isEmpty()) {
                    violations.add(
                        where + ": AuthorizationType " + type + " without an AuthorizerId");
                  } else if (target != null
                      && target.get("Condition") instanceof String c
                      && !assumed.get(c)) {
                    violations.add(
                        where + ": AuthorizerId " + authorizer.get() + " does not exist then");
                  }
                }
              }
            });

    // SAM APIs: a default authorizer, no route opting out of it, no implicit (unauthorized) API.
    Map<String, Object> globalHttpAuth = asMap(template.globals("HttpApi").get("Auth"));
    Map<String, Object> globalRestAuth = asMap(template.globals("Api").get("Auth"));
    template
        .resourcesOfType("AWS::Serverless::HttpApi", "AWS::Serverless::Api")
        .forEach(
            (id, api) -> {
              Map<String, Object> auth = asMap(asMap(api.get("Properties")).get("Auth"));
              Map<String, Object> global =
                  api.get("Type").equals("AWS::Serverless::HttpApi")
                      ? globalHttpAuth
                      : globalRestAuth;
              if (auth.get("DefaultAuthorizer") == null
                  && global.get("DefaultAuthorizer") == null) {
                violations.add(id + ": no Auth.DefaultAuthorizer, so its routes are public");
              }
            });
    template
        .resourcesOfType("AWS::Serverless::Function")
        .forEach(
            (id, function) ->
                asMap(asMap(function.get("Properties")).get("Events"))
                    .forEach(
                        (name, e) -> {
                          Map<String, Object> event = asMap(e);
                          Map<String, Object> properties = asMap(event.get("Properties"));
                          String where = id + ".Events." + name;
                          String apiKey =
                              switch (String.valueOf(event.get("Type"))) {
                                case "HttpApi" -> "ApiId";
                                case "Api" -> "RestApiId";
                                default -> null;
                              };
                          if (apiKey == null) {
                            return;
                          }
                          if (properties.get(apiKey) == null) {
                            violations.add(
                                where
                                    + ": no "
                                    + apiKey
                                    + ", so SAM adds it to an implicit API without authorization");
                          }
                          if ("NONE".equals(asMap(properties.get("Auth")).get("Authorizer"))) {
                            violations.add(where + ": Auth.Authorizer NONE makes the route public");
                          }
                        }));

    // REST API methods declared natively.
    template
        .resourcesOfType("AWS::ApiGateway::Method")
        .forEach(
            (id, method) -> {
              for (Object type :
                  possibleValues(asMap(method.get("Properties")).get("AuthorizationType"))) {
                if (type == null || "NONE".equals(type)) {
                  violations.add(id + ": public method (AuthorizationType " + type + ")");
                }
              }
            });
    return violations;
  }

  // ---------------------------------------------------------------- secrets

  /**
   * No access key ids anywhere; no literal values for parameters or properties named like secrets.
   */
  static List<String> secrets(CloudFormationYaml template) {
    List<String> violations = new ArrayList<>();
    List<String> lines = template.lines();
    for (int i = 0; i < lines.size(); i++) {
      if (ACCESS_KEY_ID.matcher(lines.get(i)).find()) {
        violations.add("line " + (i + 1) + ": looks like an AWS access key id");
      }
    }
    template
        .parameters()
        .forEach(
            (name, p) -> {
              Object fallback = asMap(p).get("Default");
              if (SECRET_NAME.matcher(name).matches()
                  && fallback != null
                  && !String.valueOf(fallback).isEmpty()) {
                violations.add("parameter " + name + ": a secret with a Default value");
              }
            });
    findLiteralSecrets("Resources", template.section("Resources"), violations);
    findLiteralSecrets("Globals", template.section("Globals"), violations);
    return violations;
  }

  private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
  private static final Pattern SECRET_ACCESS_KEY =
      Pattern.compile(
          "(?i)(aws_?secret_?access_?key|secretAccessKey)[\"' ]*[:=][\"' ]*[A-Za-z0-9/+]{40}");
  private static final Set<String> NOT_SOURCE =
      Set.of(".git", "target", "node_modules", ".cifuzz-corpus");

  /**
   * No AWS access key ids, secret access keys or private keys in the repository's source files
   * (build output, dependencies and git's own files are skipped; files over 1 MB are not source).
   */
  static List<String> secretsInFiles(Path root) throws IOException {
    List<String> violations = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            return NOT_SOURCE.contains(dir.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            if (attributes.size() > 1024 * 1024) {
              return FileVisitResult.CONTINUE;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            String where = root.relativize(file).toString();
            if (ACCESS_KEY_ID.matcher(text).find()) {
              violations.add(where + ": looks like an AWS access key id");
            }
            if (SECRET_ACCESS_KEY.matcher(text).find()) {
              violations.add(where + ": looks like an AWS secret access key");
            }
            if (PRIVATE_KEY.matcher(text).find()) {
              violations.add(where + ": holds a private key");
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return violations;
  }

  private static void findLiteralSecrets(String path, Object value, List<String> violations) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            String where = path + "." + key;
            if (v instanceof String s
                && !s.isEmpty()
                && SECRET_NAME.matcher(key).matches()
                && !SECRET_REFERENCE_NAME.matcher(key).matches()) {
              violations.add(where + ": a literal secret value");
            }
            findLiteralSecrets(where, v, violations);
          });
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        findLiteralSecrets(path + "[" + i + "]", list.get(i), violations);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Every IAM statement in functions' and state machines' Policies and in IAM resources. */
  static List<Statement> iamStatements(CloudFormationYaml template) {
    List<Statement> statements = new ArrayList<>();
    template
        .resources()
        .forEach(
            (id, resource) -> {
              Map<String, Object> properties = asMap(resource.get("Properties"));
              switch (String.valueOf(resource.get("Type"))) {
                case "AWS::Serverless::Function", "AWS::Serverless::StateMachine" -> {
                  List<Object> policies = asList(properties.get("Policies"));
                  for (int i = 0; i < policies.size(); i++) {
                    for (Object policy : possibleValues(policies.get(i))) {
                      if (policy instanceof Map<?, ?> && !isIntrinsic(policy)) {
                        addStatements(id + ".Policies[" + i + "]", policy, statements);
                      }
                    }
                  }
                }
                case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group" -> {
                  List<Object> policies = asList(properties.get("Policies"));
                  for (int i = 0; i < policies.size(); i++) {
                    for (Object policy : possibleValues(policies.get(i))) {
                      addStatements(
                          id + ".Policies[" + i + "]",
                          asMap(policy).get("PolicyDocument"),
                          statements);
                    }
                  }
                }
                case "AWS::IAM::Policy",
                    "AWS::IAM::ManagedPolicy",
                    "AWS::IAM::RolePolicy",
                    "AWS::IAM::UserPolicy",
                    "AWS::IAM::GroupPolicy" ->
                    addStatements(
                        id + ".PolicyDocument", properties.get("PolicyDocument"), statements);
                default -> {}
              }
            });
    return statements;
  }

  private static void addStatements(String where, Object document, List<Statement> into) {
    List<Object> list = asList(asMap(document).get("Statement"));
    for (int i = 0; i < list.size(); i++) {
      Object statement = list.get(i);
      String sid = asMap(statement).get("Sid") instanceof String s ? " (" + s + ")" : "";
      for (Object branch : possibleValues(statement)) {
        into.add(new Statement(where + ".Statement[" + i + "]" + sid, asMap(branch)));
      }
    }
  }

  private static boolean deniesInsecureTransport(Map<String, Object> statement) {
    Object transport =
        asMap(asMap(statement.get("Condition")).get("Bool")).get("aws:SecureTransport");
    Object principal = statement.get("Principal");
    boolean everyone =
        "*".equals(principal)
            || "*".equals(asMap(principal instanceof Map ? principal : null).get("AWS"));
    List<String> actions = strings(statement.get("Action"));
    List<String> resources = new ArrayList<>();
    for (Object r : asList(statement.get("Resource"))) {
      resources.add(renderArn(r));
    }
    return "Deny".equals(statement.get("Effect"))
        && everyone
        && (Boolean.FALSE.equals(transport) || "false".equals(transport))
        && (actions.contains("s3:*") || actions.contains("*"))
        && resources.stream().anyMatch(r -> r.endsWith("/*"))
        && resources.stream().anyMatch(r -> !r.endsWith("/*"));
  }

  /** A resource ARN as text: {@code !GetAtt B.Arn} as {@code ${B.Arn}}, a Sub as its pattern. */
  private static String renderArn(Object arn) {
    Map<String, Object> map = arn instanceof Map ? asMap(arn) : Map.of();
    if (map.get("Fn::GetAtt") instanceof List<?> getAtt) {
      return "${" + getAtt.get(0) + "." + getAtt.get(1) + "}";
    }
    if (map.containsKey("Fn::Sub")) {
      Object sub = map.get("Fn::Sub");
      return String.valueOf(sub instanceof List<?> l ? l.get(0) : sub);
    }
    return String.valueOf(arn);
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
  }

  private static boolean commentAbove(List<String> lines, int line) {
    if (line <= 0 || line > lines.size()) {
      return false;
    }
    String above = lines.get(line - 1).strip();
    return above.startsWith("#") && !above.substring(1).isBlank();
  }

  private static void forEachMapping(Node node, Consumer<NodeTuple> action) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        action.accept(tuple);
        forEachMapping(tuple.getValueNode(), action);
      }
    } else if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(child -> forEachMapping(child, action));
    }
  }

  /** The resource's own Condition and every condition its properties test with Fn::If. */
  private static void collectConditions(Object value, Set<String> into) {
    if (value instanceof Map<?, ?> map) {
      if (map.get("Condition") instanceof String c) {
        into.add(c);
      }
      if (map.get("Fn::If") instanceof List<?> if3
          && !if3.isEmpty()
          && if3.get(0) instanceof String c) {
        into.add(c);
      }
      map.values().forEach(v -> collectConditions(v, into));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collectConditions(v, into));
    }
  }

  private static Set<String> referencedResources(Object value) {
    Set<String> refs = new LinkedHashSet<>();
    collectRefs(value, refs);
    return refs;
  }

  private static void collectRefs(Object value, Set<String> into) {
    refTarget(value).ifPresent(into::add);
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> collectRefs(v, into));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collectRefs(v, into));
    }
  }

  /**
   * Every true/false assignment of the conditions, each treated as independent: a route that is
   * safe under all of them is safe under the ones the parameters can actually produce.
   */
  private static List<Map<String, Boolean>> assignments(List<String> conditions) {
    List<Map<String, Boolean>> all = new ArrayList<>();
    for (int bits = 0; bits < 1 << conditions.size(); bits++) {
      Map<String, Boolean> assignment = new LinkedHashMap<>();
      for (int i = 0; i < conditions.size(); i++) {
        assignment.put(conditions.get(i), (bits & (1 << i)) != 0);
      }
      all.add(assignment);
    }
    return all;
  }

  private static String when(Map<String, Boolean> assumed) {
    return assumed.isEmpty() ? "" : " when " + assumed;
  }

  /** The value with every Fn::If decided by the assignment and AWS::NoValue removed. */
  private static Object resolve(Object value, Map<String, Boolean> assumed) {
    if (value instanceof Map<?, ?> map) {
      if (map.size() == 1 && map.get("Fn::If") instanceof List<?> if3 && if3.size() == 3) {
        boolean holds = Boolean.TRUE.equals(assumed.get(String.valueOf(if3.get(0))));
        return resolve(holds ? if3.get(1) : if3.get(2), assumed);
      }
      Map<String, Object> resolved = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            Object r = resolve(v, assumed);
            if (!CloudFormationYaml.isNoValue(r)) {
              resolved.put(String.valueOf(k), r);
            }
          });
      return resolved;
    }
    if (value instanceof List<?> list) {
      List<Object> resolved = new ArrayList<>();
      for (Object v : list) {
        Object r = resolve(v, assumed);
        if (!CloudFormationYaml.isNoValue(r)) {
          resolved.add(r);
        }
      }
      return resolved;
    }
    return value;
  }
}
