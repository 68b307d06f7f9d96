package app.billing.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads environment variables and collects every missing or malformed one, so a function fails its
 * init once with a message that names them all instead of one per deploy.
 *
 * <pre>
 * var env = new ConfigReader(System.getenv());
 * String table = env.required("BILLING_TABLE");
 * env.validate();
 * </pre>
 */
public final class ConfigReader {
  private final Map<String, String> source;
  private final List<String> problems = new ArrayList<>();

  public ConfigReader(Map<String, String> source) {
    // A read-only view, not a copy: every lookup goes through source.get, so deploy-tests can
    // record which variables a function reads.
    this.source = Collections.unmodifiableMap(Objects.requireNonNull(source, "source"));
  }

  public String required(String name) {
    String value = raw(name);
    if (value == null) {
      problems.add(name + " is missing");
    }
    return value;
  }

  public Optional<String> optional(String name) {
    return Optional.ofNullable(raw(name));
  }

  public String optional(String name, String defaultValue) {
    return optional(name).orElse(defaultValue);
  }

  /** A comma-separated list; required means at least one non-blank element. */
  public List<String> requiredList(String name) {
    String value = required(name);
    if (value == null) {
      return List.of();
    }
    List<String> items = split(value);
    if (items.isEmpty()) {
      problems.add(name + " must list at least one value");
    }
    return items;
  }

  public List<String> optionalList(String name) {
    return optional(name).map(ConfigReader::split).orElse(List.of());
  }

  public int integer(String name, int defaultValue, int min, int max) {
    return parse(
        name,
        defaultValue,
        Integer::parseInt,
        "a whole number",
        v -> v >= min && v <= max,
        "between " + min + " and " + max);
  }

  public Duration days(String name, int defaultDays) {
    return Duration.ofDays(integer(name, defaultDays, 0, 365));
  }

  public Duration seconds(String name, int defaultSeconds, int min, int max) {
    return Duration.ofSeconds(integer(name, defaultSeconds, min, max));
  }

  public boolean flag(String name, boolean defaultValue) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> {
        problems.add(name + " must be true or false, got '" + value + "'");
        yield defaultValue;
      }
    };
  }

  public Optional<URI> optionalUri(String name) {
    String value = raw(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return Optional.of(uri);
    } catch (IllegalArgumentException e) {
      problems.add(name + " must be an absolute URL, got '" + value + "'");
      return Optional.empty();
    }
  }

  /**
   * Lets callers report a problem found while interpreting a value (e.g. a catalog that does not
   * parse).
   */
  public void problem(String message) {
    problems.add(message);
  }

  /** Throws one {@link ConfigException} naming every problem seen so far. */
  public void validate() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private <T> T parse(
      String name,
      T defaultValue,
      Function<String, T> parser,
      String kind,
      java.util.function.Predicate<T> valid,
      String range) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      T parsed = parser.apply(value);
      if (!valid.test(parsed)) {
        problems.add(name + " must be " + range + ", got '" + value + "'");
        return defaultValue;
      }
      return parsed;
    } catch (RuntimeException e) {
      problems.add(name + " must be " + kind + ", got '" + value + "'");
      return defaultValue;
    }
  }

  private String raw(String name) {
    String value = source.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
