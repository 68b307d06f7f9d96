package app.billing.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Request headers, looked up the one way every function does. */
public final class Headers {
  private Headers() {}

  /**
   * The header's value. HTTP API (payload 2.0) lower-cases header names; they are matched
   * case-insensitively anyway (tests, the local stack and other front ends may not).
   *
   * @param headers the request's headers; null when it has none
   */
  public static Optional<String> find(Map<String, String> headers, String name) {
    if (headers == null || name == null) {
      return Optional.empty();
    }
    String exact = headers.get(name.toLowerCase(Locale.ROOT));
    if (exact != null) {
      return Optional.of(exact);
    }
    for (Map.Entry<String, String> entry : headers.entrySet()) {
      if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
        return Optional.ofNullable(entry.getValue());
      }
    }
    return Optional.empty();
  }
}
