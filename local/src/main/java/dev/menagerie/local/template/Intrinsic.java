package dev.menagerie.local.template;

/**
 * A CloudFormation intrinsic function as written in the template: {@code !Ref X} parses to {@code
 * Intrinsic("Ref", "X")}, {@code !GetAtt A.B} to {@code Intrinsic("Fn::GetAtt", "A.B")}.
 */
public record Intrinsic(String function, Object argument) {}
