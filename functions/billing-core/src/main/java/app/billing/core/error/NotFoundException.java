package app.billing.core.error;

import java.util.Map;

/** The resource does not exist for this tenant. */
public final class NotFoundException extends ApiException {
  public NotFoundException(String code, String message) {
    this(code, message, Map.of());
  }

  public NotFoundException(String code, String message, Map<String, String> details) {
    super(code, message, details);
  }
}
