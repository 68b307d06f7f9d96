package app.billing.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Placeholders for one request's condition/update/key-condition expressions. Every attribute name
 * goes through {@link #name} (several, e.g. status, type, name, are reserved words).
 */
final class Expr {
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, String> placeholderByName = new HashMap<>();
  private final Map<String, AttributeValue> values = new LinkedHashMap<>();
  private final List<String> set = new ArrayList<>();
  private final List<String> remove = new ArrayList<>();
  private final List<String> add = new ArrayList<>();

  String name(String attribute) {
    return placeholderByName.computeIfAbsent(
        attribute,
        a -> {
          String placeholder = "#n" + names.size();
          names.put(placeholder, a);
          return placeholder;
        });
  }

  String value(AttributeValue value) {
    String placeholder = ":v" + values.size();
    values.put(placeholder, value);
    return placeholder;
  }

  // --- update expression ---

  /** SET the attribute, or REMOVE it when {@code value} is null. */
  Expr set(String attribute, AttributeValue value) {
    if (value == null) {
      remove.add(name(attribute));
    } else {
      set.add(name(attribute) + " = " + value(value));
    }
    return this;
  }

  /** SET the attribute unless the item already has it. */
  Expr setIfAbsent(String attribute, AttributeValue value) {
    String n = name(attribute);
    set.add(n + " = if_not_exists(" + n + ", " + value(value) + ")");
    return this;
  }

  Expr remove(String attribute) {
    remove.add(name(attribute));
    return this;
  }

  Expr add(String attribute, AttributeValue value) {
    add.add(name(attribute) + " " + value(value));
    return this;
  }

  String update() {
    StringBuilder expression = new StringBuilder();
    clause(expression, "SET ", set);
    clause(expression, "REMOVE ", remove);
    clause(expression, "ADD ", add);
    return expression.toString();
  }

  private static void clause(StringBuilder expression, String keyword, List<String> parts) {
    if (!parts.isEmpty()) {
      if (!expression.isEmpty()) {
        expression.append(' ');
      }
      expression.append(keyword).append(String.join(", ", parts));
    }
  }

  /** Null when empty: DynamoDB rejects an empty ExpressionAttributeNames map. */
  Map<String, String> names() {
    return names.isEmpty() ? null : names;
  }

  Map<String, AttributeValue> values() {
    return values.isEmpty() ? null : values;
  }
}
