package app.billing.core.error;

import java.util.Map;

/** No API key, or an unknown one. */
public final class UnauthorizedException extends ApiException {
  public UnauthorizedException(String code, String message) {
    this(code, message, Map.of());
  }

  public UnauthorizedException(String code, String message, Map<String, String> details) {
    super(code, message, details);
  }
}
