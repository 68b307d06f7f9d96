package app.billing.dynamodb;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Attribute building and reading for billing items. Writers return null for null input, so an
 * {@link Attrs} built from a record knows which attributes are absent; readers return null (or 0 /
 * false) for absent attributes. Instants are ISO-8601 strings.
 */
public final class Items {
  private Items() {}

  // --- writers ---

  public static AttributeValue s(String value) {
    return value == null ? null : AttributeValue.fromS(value);
  }

  public static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  public static AttributeValue bool(boolean value) {
    return AttributeValue.fromBool(value);
  }

  public static AttributeValue instant(Instant value) {
    return value == null ? null : AttributeValue.fromS(value.toString());
  }

  /** An ordered list of strings (L of S); unlike a string set it may be empty. */
  public static AttributeValue list(List<String> values) {
    return values == null
        ? null
        : AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
  }

  public static AttributeValue stringSet(String... values) {
    return AttributeValue.fromSs(List.of(values));
  }

  // --- readers ---

  public static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  /** The number, or 0 when absent. */
  public static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
  }

  public static boolean bool(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value != null && Boolean.TRUE.equals(value.bool());
  }

  public static Instant instant(Map<String, AttributeValue> item, String name) {
    String value = string(item, name);
    return value == null ? null : Instant.parse(value);
  }

  /** A list (L of S) or string set (SS); empty when absent. */
  public static List<String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null) {
      return List.of();
    }
    if (value.hasSs()) {
      return List.copyOf(value.ss());
    }
    return value.hasL() ? value.l().stream().map(AttributeValue::s).toList() : List.of();
  }

  public static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(
        BillingTable.PK, AttributeValue.fromS(pk), BillingTable.SK, AttributeValue.fromS(sk));
  }

  /**
   * The attributes of one item in insertion order; null values mark attributes the item must not
   * have.
   */
  public static final class Attrs {
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    public Attrs(String pk, String sk, String type) {
      put(BillingTable.PK, s(pk));
      put(BillingTable.SK, s(sk));
      put(BillingTable.TYPE, s(type));
    }

    public Attrs put(String name, AttributeValue value) {
      values.put(name, value);
      return this;
    }

    /** For PutItem: the present attributes only. */
    public Map<String, AttributeValue> item() {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      values.forEach(
          (name, value) -> {
            if (value != null) {
              item.put(name, value);
            }
          });
      return item;
    }

    public Map<String, AttributeValue> key() {
      return Items.key(values.get(BillingTable.PK).s(), values.get(BillingTable.SK).s());
    }

    /** Every attribute including the absent (null) ones, keys included. */
    public Map<String, AttributeValue> all() {
      return Collections.unmodifiableMap(values);
    }
  }
}
