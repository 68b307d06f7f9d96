package app.billing.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What CloudFormation makes of the template's conditions for given parameter values: {@code
 * Conditions} evaluated, {@code Fn::If} replaced by its chosen branch, {@code AWS::NoValue}
 * dropped, and the string functions the template uses (Ref, Select, Split, Join, Sub) computed
 * where asked. The pseudo parameters are the test world's.
 */
final class CfnConditions {
  static final Map<String, String> PSEUDO =
      Map.of(
          "AWS::Partition", "aws",
          "AWS::Region", World.REGION,
          "AWS::AccountId", World.ACCOUNT,
          "AWS::StackName", World.STACK);
  private static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}");
  private static final Object NO_VALUE = new Object();

  private final Template template;
  private final Map<String, String> parameters;

  CfnConditions(Template template, Map<String, String> given) {
    this.template = template;
    Map<String, String> values = new LinkedHashMap<>();
    template
        .parameters()
        .forEach(
            (name, p) -> {
              Object fallback = Template.map(p).get("Default");
              if (fallback != null) {
                values.put(name, String.valueOf(fallback));
              }
            });
    values.putAll(given);
    this.parameters = values;
  }

  /** The test world's parameters ({@link World#PARAMETERS}, else the defaults). */
  static CfnConditions world() {
    return new CfnConditions(Template.get(), World.PARAMETERS);
  }

  boolean holds(String condition) {
    Object definition =
        Template.map(template.document.getOrDefault("Conditions", Map.of())).get(condition);
    if (definition == null) {
      throw new AssertionError("template.yaml has no condition " + condition);
    }
    return truth(definition);
  }

  /** {@code value} with every Fn::If decided and AWS::NoValue left out. */
  Object decide(Object value) {
    Object decided = decideOrNoValue(value);
    return decided == NO_VALUE ? null : decided;
  }

  private Object decideOrNoValue(Object value) {
    if (value instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.get("Fn::If") instanceof List<?> branches && branches.size() == 3) {
        return decideOrNoValue(
            holds(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2));
      }
      if (Template.ref(m).filter("AWS::NoValue"::equals).isPresent()) {
        return NO_VALUE;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) -> {
            Object d = decideOrNoValue(v);
            if (d != NO_VALUE) {
              out.put(String.valueOf(k), d);
            }
          });
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object item : l) {
        Object d = decideOrNoValue(item);
        if (d != NO_VALUE) {
          out.add(d);
        }
      }
      return out;
    }
    return value;
  }

  /** A string expression's value (Ref, Fn::Select, Fn::Split, Fn::Join, Fn::Sub). */
  String string(Object expression) {
    return String.valueOf(evaluate(expression, Map.of()));
  }

  private boolean truth(Object expression) {
    Map<String, Object> m = Template.map(expression);
    if (m.get("Fn::Equals") instanceof List<?> pair) {
      return evaluate(pair.get(0), Map.of()).equals(evaluate(pair.get(1), Map.of()));
    }
    if (m.get("Fn::Not") instanceof List<?> one) {
      return !truth(one.get(0));
    }
    if (m.get("Condition") instanceof String name) {
      return holds(name);
    }
    throw new AssertionError("condition function not supported here: " + expression);
  }

  private Object evaluate(Object expression, Map<String, String> locals) {
    if (expression instanceof String || expression instanceof Number) {
      return String.valueOf(expression);
    }
    var ref = Template.ref(expression);
    if (ref.isPresent()) {
      return lookup(ref.get(), locals);
    }
    Map<String, Object> m = Template.map(expression);
    if (m.get("Fn::Select") instanceof List<?> args) {
      int index = Integer.parseInt(String.valueOf(evaluate(args.get(0), locals)));
      List<?> from = (List<?>) evaluate(args.get(1), locals);
      if (index >= from.size()) {
        throw new AssertionError("Fn::Select index " + index + " out of range: " + from);
      }
      return from.get(index);
    }
    if (m.get("Fn::Split") instanceof List<?> args) {
      String separator = String.valueOf(args.get(0));
      return List.of(
          String.valueOf(evaluate(args.get(1), locals)).split(Pattern.quote(separator), -1));
    }
    if (m.get("Fn::Join") instanceof List<?> args) {
      List<String> parts = new ArrayList<>();
      for (Object part : (List<?>) evaluate(args.get(1), locals)) {
        parts.add(String.valueOf(part));
      }
      return String.join(String.valueOf(args.get(0)), parts);
    }
    if (m.containsKey("Fn::Sub")) {
      Object sub = m.get("Fn::Sub");
      String text = sub instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(sub);
      Map<String, String> variables = new LinkedHashMap<>(locals);
      if (sub instanceof List<?> l && l.size() > 1) {
        Template.map(l.get(1))
            .forEach((k, v) -> variables.put(k, String.valueOf(evaluate(v, locals))));
      }
      Matcher matcher = SUB.matcher(text);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        matcher.appendReplacement(
            out, Matcher.quoteReplacement(String.valueOf(lookup(matcher.group(1), variables))));
      }
      matcher.appendTail(out);
      return out.toString();
    }
    if (expression instanceof List<?> l) {
      return l.stream().map(item -> evaluate(item, locals)).toList();
    }
    throw new AssertionError("function not supported here: " + expression);
  }

  private String lookup(String name, Map<String, String> locals) {
    String value =
        locals.containsKey(name)
            ? locals.get(name)
            : PSEUDO.containsKey(name) ? PSEUDO.get(name) : parameters.get(name);
    if (value == null) {
      throw new AssertionError("no value for " + name);
    }
    return value;
  }
}
