package app.billing.core.error;

import java.util.Map;

/** The caller may not do this. */
public final class ForbiddenException extends ApiException {
  public ForbiddenException(String code, String message) {
    this(code, message, Map.of());
  }

  public ForbiddenException(String code, String message, Map<String, String> details) {
    super(code, message, details);
  }
}
