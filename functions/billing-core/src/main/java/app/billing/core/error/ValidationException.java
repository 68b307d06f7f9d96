package app.billing.core.error;

import java.util.Map;

/** The request is malformed or a field is invalid. */
public final class ValidationException extends ApiException {
  public ValidationException(String code, String message) {
    this(code, message, Map.of());
  }

  public ValidationException(String code, String message, Map<String, String> details) {
    super(code, message, details);
  }

  /** A field that is missing, of the wrong type, or not allowed; the error names it. */
  public static ValidationException field(String field, String message) {
    return new ValidationException("invalid_field", message, Map.of("field", field));
  }
}
