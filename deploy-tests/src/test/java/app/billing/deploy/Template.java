package app.billing.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** template.yaml, read once, with the few views the contract tests need. */
final class Template {
  static final Path ROOT = findRoot();
  static final Path FILE = ROOT.resolve("template.yaml");

  private static Template instance;

  final Map<String, Object> document;

  private Template(Map<String, Object> document) {
    this.document = document;
  }

  static synchronized Template get() {
    if (instance == null) {
      instance = new Template(CfnYaml.load(FILE));
    }
    return instance;
  }

  /**
   * The repository root: the first directory at or above user.dir holding template.yaml and
   * pom.xml.
   */
  private static Path findRoot() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("template.yaml"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no template.yaml at or above " + System.getProperty("user.dir"));
  }

  Map<String, Object> resources() {
    return map(document.get("Resources"));
  }

  Map<String, Object> parameters() {
    return map(document.getOrDefault("Parameters", Map.of()));
  }

  Map<String, Object> outputs() {
    return map(document.getOrDefault("Outputs", Map.of()));
  }

  Map<String, Object> resource(String logicalId) {
    Object resource = resources().get(logicalId);
    if (resource == null) {
      throw new AssertionError("template.yaml has no resource " + logicalId);
    }
    return map(resource);
  }

  Map<String, Object> properties(String logicalId) {
    return map(resource(logicalId).getOrDefault("Properties", Map.of()));
  }

  String type(String logicalId) {
    return (String) resource(logicalId).get("Type");
  }

  /** Logical ids of every resource of this type, in template order. */
  List<String> ofType(String type) {
    List<String> ids = new ArrayList<>();
    resources()
        .forEach(
            (id, r) -> {
              if (type.equals(map(r).get("Type"))) {
                ids.add(id);
              }
            });
    return ids;
  }

  List<String> functions() {
    return ofType("AWS::Serverless::Function");
  }

  Map<String, Object> globalsFunction() {
    Map<String, Object> globals = map(document.getOrDefault("Globals", Map.of()));
    return map(globals.getOrDefault("Function", Map.of()));
  }

  /** A function property as SAM resolves it: the function's own value, else the Globals one. */
  Object functionProperty(String function, String name) {
    Object own = properties(function).get(name);
    return own != null ? own : globalsFunction().get(name);
  }

  int functionInt(String function, String name) {
    return ((Number) functionProperty(function, name)).intValue();
  }

  /** Environment variables as SAM merges them: Globals first, the function's own on top. */
  Map<String, Object> environment(String function) {
    Map<String, Object> variables = new TreeMap<>();
    variables.putAll(variables(globalsFunction()));
    variables.putAll(variables(properties(function)));
    return variables;
  }

  private static Map<String, Object> variables(Map<String, Object> holder) {
    Map<String, Object> environment = map(holder.getOrDefault("Environment", Map.of()));
    return map(environment.getOrDefault("Variables", Map.of()));
  }

  /** The function's events (name to event), e.g. HttpApi and SQS. */
  Map<String, Map<String, Object>> events(String function) {
    Map<String, Map<String, Object>> events = new LinkedHashMap<>();
    map(properties(function).getOrDefault("Events", Map.of()))
        .forEach((name, e) -> events.put(name, map(e)));
    return events;
  }

  List<Map<String, Object>> eventsOfType(String function, String type) {
    return events(function).values().stream()
        .filter(e -> type.equals(e.get("Type")))
        .map(e -> map(e.getOrDefault("Properties", Map.of())))
        .toList();
  }

  /** The IAM role resource the function runs as (its {@code Role: !GetAtt X.Arn}). */
  Optional<String> roleOf(String function) {
    Object role = properties(function).get("Role");
    if (role instanceof Map<?, ?> m
        && m.get("Fn::GetAtt") instanceof List<?> att
        && att.size() == 2
        && "Arn".equals(att.get(1))) {
      return Optional.of((String) att.get(0));
    }
    return Optional.empty();
  }

  /**
   * Every statement of every inline policy of the role, as deployed with the test world's
   * parameters (conditional statements decided).
   */
  List<Map<String, Object>> statements(String role) {
    return statements(role, CfnConditions.world());
  }

  /** Every statement of every inline policy of the role, its Fn::If decided by {@code cfn}. */
  List<Map<String, Object>> statements(String role, CfnConditions cfn) {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object policy : list(properties(role).getOrDefault("Policies", List.of()))) {
      Map<String, Object> document = map(map(policy).get("PolicyDocument"));
      for (Object statement : list(cfn.decide(document.get("Statement")))) {
        statements.add(map(statement));
      }
    }
    return statements;
  }

  // --- helpers for the loosely typed YAML tree ---

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new AssertionError("expected a mapping, got " + value);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    if (value instanceof List<?> l) {
      return (List<Object>) l;
    }
    return value == null ? List.of() : List.of(value);
  }

  /** {@code X} for {@code {"Ref": "X"}}, else empty. */
  static Optional<String> ref(Object value) {
    return value instanceof Map<?, ?> m && m.size() == 1 && m.get("Ref") instanceof String s
        ? Optional.of(s)
        : Optional.empty();
  }

  /** {@code [X, Attr]} for {@code {"Fn::GetAtt": [X, Attr]}}, else empty. */
  static Optional<List<Object>> getAtt(Object value) {
    return value instanceof Map<?, ?> m && m.size() == 1 && m.get("Fn::GetAtt") instanceof List<?> l
        ? Optional.of(list(l))
        : Optional.empty();
  }

  /** Every resource or parameter name a value refers to (Ref, GetAtt, ${X} in Sub), recursively. */
  static List<String> references(Object value) {
    List<String> names = new ArrayList<>();
    collect(value, names);
    return names;
  }

  private static void collect(Object value, List<String> names) {
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if ("Ref".equals(e.getKey()) && e.getValue() instanceof String s) {
          names.add(s);
        } else if ("Fn::GetAtt".equals(e.getKey())
            && e.getValue() instanceof List<?> l
            && !l.isEmpty()) {
          names.add(String.valueOf(l.get(0)));
        } else if ("Fn::Sub".equals(e.getKey())) {
          Object template =
              e.getValue() instanceof List<?> l && !l.isEmpty() ? l.get(0) : e.getValue();
          if (template instanceof String s) {
            var matcher =
                java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9:]+)(\\.[A-Za-z]+)?}").matcher(s);
            while (matcher.find()) {
              names.add(matcher.group(1));
            }
          }
          collect(e.getValue() instanceof List<?> l && l.size() > 1 ? l.get(1) : null, names);
        } else {
          collect(e.getValue(), names);
        }
      }
    } else if (value instanceof List<?> l) {
      l.forEach(v -> collect(v, names));
    }
  }
}
