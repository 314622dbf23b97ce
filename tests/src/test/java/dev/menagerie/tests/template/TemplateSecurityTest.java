package dev.menagerie.tests.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.menagerie.local.template.CloudFormationYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * template.yaml keeps the security rules of {@link TemplateSecurityRules}. Each rule is asserted on
 * the real template, and then on a copy with one deliberate mistake, to show the rule would catch
 * it.
 */
class TemplateSecurityTest {

  private static String text;
  private static CloudFormationYaml template;

  @BeforeAll
  static void readTemplate() throws IOException {
    text = Files.readString(RepositoryRoot.template());
    template = CloudFormationYaml.parse(text);
  }

  /** The template with the first occurrence of {@code from} replaced; fails if it is absent. */
  private static CloudFormationYaml mutated(String from, String to) {
    assertThat(text).as("the mutation's anchor must be in template.yaml").contains(from);
    return CloudFormationYaml.parse(
        text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
  }

  @Nested
  class IamActions {
    @Test
    void template_shouldGrantNoWildcardActions() {
      assertThat(TemplateSecurityRules.iamStatements(template)).isNotEmpty();
      assertThat(TemplateSecurityRules.wildcardActions(template)).isEmpty();
    }

    @Test
    void actionStar_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.wildcardActions(
                  mutated("Action: dynamodb:PutItem", "Action: '*'")))
          .singleElement(STRING)
          .contains("ClassifyFunction", "WriteTransactions", "\"*\"");
    }

    @Test
    void wholeServiceWildcard_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.wildcardActions(
                  mutated("Action: s3:GetObject", "Action: [s3:GetObject, s3:*]")))
          .singleElement(STRING)
          .contains("s3:*");
    }

    @Test
    void notActionInAllow_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.wildcardActions(
                  mutated("Action: dynamodb:PutItem", "NotAction: iam:*")))
          .anySatisfy(v -> assertThat(v).contains("NotAction"));
    }
  }

  @Nested
  class ExplicitPolicies {
    @Test
    void template_shouldUseOnlyExplicitStatements() {
      assertThat(TemplateSecurityRules.nonExplicitPolicies(template)).isEmpty();
    }

    @Test
    void managedPolicy_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.nonExplicitPolicies(
                  mutated("      Policies:\n", "      Policies:\n        - AmazonS3FullAccess\n")))
          .singleElement(STRING)
          .contains("AmazonS3FullAccess");
    }

    @Test
    void samPolicyTemplate_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.nonExplicitPolicies(
                  mutated(
                      "      Policies:\n",
                      "      Policies:\n        - DynamoDBCrudPolicy: {TableName: !Ref ModelsTable}\n")))
          .singleElement(STRING)
          .contains("DynamoDBCrudPolicy");
    }
  }

  @Nested
  class WildcardResources {
    @Test
    void template_shouldJustifyEveryResourceStar() {
      assertThat(TemplateSecurityRules.unjustifiedWildcardResources(template)).isEmpty();
    }

    @Test
    void resourceStarWithoutComment_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.unjustifiedWildcardResources(
                  mutated("Resource: !GetAtt TransactionsTable.Arn", "Resource: '*'")))
          .singleElement(STRING)
          .contains("Resource \"*\"");
    }

    @Test
    void resourceStarInListWithoutComment_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.unjustifiedWildcardResources(
                  mutated(
                      "                - !Sub ${Bucket.Arn}/inbox/*\n",
                      "                - !Sub ${Bucket.Arn}/inbox/*\n                - '*'\n")))
          .hasSize(1);
    }

    @Test
    void resourceStarWithComment_shouldPass() {
      assertThat(
              TemplateSecurityRules.unjustifiedWildcardResources(
                  mutated(
                      "              Resource: !GetAtt TransactionsTable.Arn",
                      "              # cloudwatch:PutMetricData has no resource-level permissions\n"
                          + "              Resource: '*'")))
          .isEmpty();
    }
  }

  @Nested
  class Buckets {
    @Test
    void template_shouldProtectEveryBucket() {
      assertThat(template.resourcesOfType("AWS::S3::Bucket")).isNotEmpty();
      assertThat(TemplateSecurityRules.unprotectedBuckets(template)).isEmpty();
    }

    @Test
    void publicPolicyAllowed_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.unprotectedBuckets(
                  mutated("BlockPublicPolicy: true", "BlockPublicPolicy: false")))
          .singleElement(STRING)
          .contains("BlockPublicPolicy");
    }

    @Test
    void missingEncryption_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.unprotectedBuckets(
                  mutated(
                      "      BucketEncryption:\n"
                          + "        ServerSideEncryptionConfiguration:\n"
                          + "          - ServerSideEncryptionByDefault:\n"
                          + "              SSEAlgorithm: AES256\n",
                      "")))
          .singleElement(STRING)
          .contains("BucketEncryption");
    }

    @Test
    void tlsPolicyThatDoesNotDeny_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.unprotectedBuckets(
                  mutated("aws:SecureTransport: 'false'", "aws:SecureTransport: 'true'")))
          .singleElement(STRING)
          .contains("aws:SecureTransport");
    }

    @Test
    void tlsPolicyOnBucketOnly_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.unprotectedBuckets(
                  mutated("              - !Sub ${Bucket.Arn}/*\n", "")))
          .hasSize(1);
    }
  }

  @Nested
  class Tables {
    @Test
    void template_shouldProtectEveryTable() {
      assertThat(template.resourcesOfType("AWS::DynamoDB::Table")).hasSizeGreaterThanOrEqualTo(2);
      assertThat(TemplateSecurityRules.unprotectedTables(template)).isEmpty();
    }

    @Test
    void pitrOff_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.unprotectedTables(
                  mutated("PointInTimeRecoveryEnabled: true", "PointInTimeRecoveryEnabled: false")))
          .singleElement(STRING)
          .contains("TransactionsTable", "point-in-time");
    }

    @Test
    void sseOff_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.unprotectedTables(
                  mutated("SSEEnabled: true", "SSEEnabled: false")))
          .singleElement(STRING)
          .contains("SSE");
    }
  }

  @Nested
  class Logs {
    @Test
    void template_shouldGiveEveryFunctionARetainedLogGroup() {
      assertThat(TemplateSecurityRules.functionsWithoutRetainedLogs(template)).isEmpty();
    }

    @Test
    void functionWithoutLogGroup_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.functionsWithoutRetainedLogs(
                  mutated("      LoggingConfig:\n        LogGroup: !Ref ClassifyLogGroup\n", "")))
          .singleElement(STRING)
          .contains("ClassifyFunction");
    }

    @Test
    void logGroupNamedAfterFunction_shouldPass() {
      CloudFormationYaml conventional =
          CloudFormationYaml.parse(
              text.replace("      LoggingConfig:\n        LogGroup: !Ref ClassifyLogGroup\n", "")
                  .replace(
                      "LogGroupName: !Sub /aws/lambda/${AWS::StackName}-classify",
                      "LogGroupName: !Sub /aws/lambda/${ClassifyFunction}"));
      assertThat(TemplateSecurityRules.functionsWithoutRetainedLogs(conventional)).isEmpty();
    }

    @Test
    void logGroupWithoutRetention_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.functionsWithoutRetainedLogs(
                  mutated(
                      "      LogGroupName: !Sub /aws/lambda/${AWS::StackName}-classify\n"
                          + "      RetentionInDays: !Ref LogRetentionDays\n",
                      "      LogGroupName: !Sub /aws/lambda/${AWS::StackName}-classify\n")))
          .singleElement(STRING)
          .contains("ClassifyLogGroup", "RetentionInDays");
    }
  }

  @Nested
  class Routes {
    @Test
    void template_shouldHaveNoPublicRoute() {
      assertThat(template.resourcesOfType("AWS::ApiGatewayV2::Route")).isNotEmpty();
      assertThat(TemplateSecurityRules.publicRoutes(template)).isEmpty();
    }

    @Test
    void routePublicInOneAuthMode_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.publicRoutes(
                  mutated(
                      "AuthorizationType: !If [UseJwtAuth, JWT, AWS_IAM]",
                      "AuthorizationType: !If [UseJwtAuth, JWT, NONE]")))
          .singleElement(STRING)
          .contains("POST /classify", "UseJwtAuth=false", "public");
    }

    @Test
    void routeWithoutAuthorizationType_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.publicRoutes(
                  mutated("      AuthorizationType: !If [UseJwtAuth, JWT, AWS_IAM]\n", "")))
          .isNotEmpty()
          .allSatisfy(v -> assertThat(v).contains("public"));
    }

    @Test
    void jwtRouteWithoutItsAuthorizer_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.publicRoutes(
                  mutated(
                      "AuthorizerId: !If [UseJwtAuth, !Ref ApiJwtAuthorizer, !Ref AWS::NoValue]",
                      "AuthorizerId: !If [UseJwtAuth, !Ref AWS::NoValue, !Ref ApiJwtAuthorizer]")))
          .singleElement(STRING)
          .contains("UseJwtAuth=true", "without an AuthorizerId");
    }

    @Test
    void quickCreateApi_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.publicRoutes(
                  mutated(
                      "      ProtocolType: HTTP\n",
                      "      ProtocolType: HTTP\n      Target: !Ref ClassifyFunction.Alias\n")))
          .singleElement(STRING)
          .contains("Target");
    }

    @Test
    void samHttpApiWithoutDefaultAuthorizer_shouldBeCaught() {
      CloudFormationYaml sam =
          CloudFormationYaml.parse(
              """
              Transform: AWS::Serverless-2016-10-31
              Resources:
                Api:
                  Type: AWS::Serverless::HttpApi
                Fn:
                  Type: AWS::Serverless::Function
                  Properties:
                    Events:
                      Post: {Type: HttpApi, Properties: {ApiId: !Ref Api, Method: POST, Path: /x}}
                      Open: {Type: HttpApi, Properties: {Method: GET, Path: /y}}
              """);
      assertThat(TemplateSecurityRules.publicRoutes(sam))
          .hasSize(2)
          .anySatisfy(v -> assertThat(v).contains("Api", "DefaultAuthorizer"))
          .anySatisfy(v -> assertThat(v).contains("Events.Open", "implicit API"));
    }

    @Test
    void samRouteOptingOut_shouldBeCaught() {
      CloudFormationYaml sam =
          CloudFormationYaml.parse(
              """
              Transform: AWS::Serverless-2016-10-31
              Resources:
                Api:
                  Type: AWS::Serverless::HttpApi
                  Properties:
                    Auth: {EnableIamAuthorizer: true, DefaultAuthorizer: AWS_IAM}
                Fn:
                  Type: AWS::Serverless::Function
                  Properties:
                    Events:
                      Post:
                        Type: HttpApi
                        Properties: {ApiId: !Ref Api, Method: POST, Path: /x, Auth: {Authorizer: NONE}}
              """);
      assertThat(TemplateSecurityRules.publicRoutes(sam))
          .singleElement(STRING)
          .contains("Events.Post", "NONE");
    }
  }

  @Nested
  class Secrets {
    @Test
    void template_shouldHoldNoSecrets() {
      assertThat(TemplateSecurityRules.secrets(template)).isEmpty();
    }

    @Test
    void accessKeyId_shouldBeCaught() {
      String fakeKey = "AKIA" + "Z".repeat(12) + "7QXA";
      assertThat(
              TemplateSecurityRules.secrets(
                  mutated("Description: Menagerie HTTP API", "Description: key " + fakeKey)))
          .singleElement(STRING)
          .contains("access key");
    }

    @Test
    void secretParameterDefault_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.secrets(
                  mutated(
                      "Parameters:\n",
                      "Parameters:\n  DbPassword:\n    Type: String\n    Default: hunter2\n")))
          .singleElement(STRING)
          .contains("DbPassword");
    }

    @Test
    void literalSecretInEnvironment_shouldBeCaught() {
      assertThat(
              TemplateSecurityRules.secrets(
                  mutated(
                      "          POWERTOOLS_SERVICE_NAME: classify\n",
                      "          POWERTOOLS_SERVICE_NAME: classify\n          API_SECRET: s3cr3t\n")))
          .singleElement(STRING)
          .contains("API_SECRET");
    }

    @Test
    void repository_shouldHoldNoSecretsInItsFiles() throws IOException {
      assertThat(TemplateSecurityRules.secretsInFiles(RepositoryRoot.path())).isEmpty();
    }

    @Test
    void keysInASourceFile_shouldBeCaught(@TempDir Path dir) throws IOException {
      Files.createDirectories(dir.resolve("src"));
      Files.createDirectories(dir.resolve("target"));
      String fakeKey = "AKIA" + "Q".repeat(12) + "7QXA";
      Files.writeString(dir.resolve("src/Config.java"), "String key = \"" + fakeKey + "\";");
      Files.writeString(
          dir.resolve("src/credentials"),
          "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "0123456789");
      Files.writeString(dir.resolve("src/id_rsa"), "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE\n");
      Files.writeString(dir.resolve("target/Build.class"), fakeKey);
      assertThat(TemplateSecurityRules.secretsInFiles(dir))
          .containsExactlyInAnyOrder(
              "src/Config.java: looks like an AWS access key id",
              "src/credentials: looks like an AWS secret access key",
              "src/id_rsa: holds a private key");
    }

    @Test
    void secretReference_shouldPass() {
      assertThat(
              TemplateSecurityRules.secrets(
                  mutated(
                      "          POWERTOOLS_SERVICE_NAME: classify\n",
                      "          POWERTOOLS_SERVICE_NAME: classify\n"
                          + "          API_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:x\n")))
          .isEmpty();
    }
  }
}
