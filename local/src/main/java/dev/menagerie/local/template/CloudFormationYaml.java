package dev.menagerie.local.template;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses CloudFormation YAML, turning short-form intrinsics into {@link Intrinsic} values. */
public final class CloudFormationYaml {
  private static final List<String> SHORT_FORMS =
      List.of(
          "Ref",
          "Condition",
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
          "Transform");

  private CloudFormationYaml() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String text) {
    Object root = new Yaml(new IntrinsicConstructor()).load(text);
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("template is not a YAML mapping");
    }
    return (Map<String, Object>) root;
  }

  private static final class IntrinsicConstructor extends SafeConstructor {
    IntrinsicConstructor() {
      super(new LoaderOptions());
      for (String name : SHORT_FORMS) {
        String function = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
        yamlConstructors.put(new Tag("!" + name), new IntrinsicConstruct(function));
      }
    }

    private final class IntrinsicConstruct extends AbstractConstruct {
      private final String function;

      IntrinsicConstruct(String function) {
        this.function = function;
      }

      @Override
      public Object construct(Node node) {
        Object argument;
        if (node instanceof ScalarNode scalar) {
          argument = constructScalar(scalar);
        } else if (node instanceof SequenceNode sequence) {
          argument = constructSequence(sequence);
        } else {
          argument = constructMapping((MappingNode) node);
        }
        return new Intrinsic(function, argument);
      }
    }
  }
}
