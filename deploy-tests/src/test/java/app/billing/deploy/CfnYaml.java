package app.billing.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Reads a CloudFormation/SAM YAML template with SnakeYAML. The short-form intrinsic tags ({@code
 * !Ref}, {@code !Sub}, {@code !GetAtt}, ...) become their long JSON form, e.g. {@code {"Ref":
 * "X"}}, {@code {"Fn::GetAtt": ["X", "Arn"]}}, so the rest of the tests see one shape.
 */
final class CfnYaml {
  private static final List<String> FUNCTIONS =
      List.of(
          "Base64",
          "Cidr",
          "FindInMap",
          "GetAZs",
          "ImportValue",
          "Join",
          "Select",
          "Split",
          "Sub",
          "Transform",
          "And",
          "Equals",
          "If",
          "Not",
          "Or",
          "ToJsonString",
          "Length");

  private CfnYaml() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> load(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new Constructor(options));
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return (Map<String, Object>) yaml.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Constructor extends SafeConstructor {
    Constructor(LoaderOptions options) {
      super(options);
      yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
      yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
      yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
      for (String fn : FUNCTIONS) {
        yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
      }
    }

    /** The node's own value (scalar, list or map) under a single key. */
    private final class Intrinsic extends AbstractConstruct {
      private final String key;

      Intrinsic(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        return Map.of(key, value(node));
      }
    }

    /** {@code !GetAtt Resource.Attribute} (scalar) or {@code !GetAtt [Resource, Attribute]}. */
    private final class GetAtt extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        Object value = value(node);
        if (value instanceof String s) {
          int dot = s.indexOf('.');
          return Map.of(
              "Fn::GetAtt",
              dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1)));
        }
        return Map.of("Fn::GetAtt", value);
      }
    }

    private Object value(Node node) {
      return switch (node) {
        case ScalarNode scalar -> constructScalar(scalar);
        case SequenceNode sequence -> new ArrayList<>(constructSequence(sequence));
        case MappingNode mapping -> constructMapping(mapping);
        default -> throw new IllegalArgumentException("unexpected node " + node);
      };
    }
  }

  /** For messages: "Fn::Sub" etc. are listed so tests can say which tags they understand. */
  static List<String> supportedTags() {
    List<String> tags = new ArrayList<>(List.of("!Ref", "!Condition", "!GetAtt"));
    FUNCTIONS.forEach(f -> tags.add("!" + f));
    return tags;
  }

  static List<String> split(String dotted) {
    return Arrays.asList(dotted.split("\\."));
  }
}
