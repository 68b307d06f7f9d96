package app.billing.core.error;

import java.util.Map;

/**
 * A request we answer with an error. Subclasses fix the HTTP status; the HTTP layer maps them in
 * one place to {@code {"error": {"code": "...", "message": "...", ...details}}}.
 */
public abstract class ApiException extends RuntimeException {
  private final String code;
  private final Map<String, String> details;

  protected ApiException(String code, String message, Map<String, String> details) {
    super(message);
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public abstract int status();

  public String code() {
    return code;
  }

  /** Extra string fields of the error object, e.g. {@code field} or {@code portal_flow}. */
  public Map<String, String> details() {
    return details;
  }
}
