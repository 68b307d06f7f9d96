package app.billing.core.error;

import java.util.Map;

/** 401: no or an unknown API key. */
public final class UnauthorizedException extends ApiException {
  public UnauthorizedException(String code, String message) {
    this(code, message, Map.of());
  }

  public UnauthorizedException(String code, String message, Map<String, String> details) {
    super(code, message, details);
  }

  @Override
  public int status() {
    return 401;
  }
}
