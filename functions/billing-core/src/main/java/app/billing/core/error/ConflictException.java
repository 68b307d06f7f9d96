package app.billing.core.error;

import java.util.Map;

/** The request conflicts with the tenant's billing state. */
public final class ConflictException extends ApiException {
  public ConflictException(String code, String message) {
    this(code, message, Map.of());
  }

  public ConflictException(String code, String message, Map<String, String> details) {
    super(code, message, details);
  }
}
