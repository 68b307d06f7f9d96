package app.billing.core.error;

import java.util.Map;

/** 409: the request conflicts with the tenant's billing state. */
public final class ConflictException extends ApiException {
  public ConflictException(String code, String message) {
    this(code, message, Map.of());
  }

  public ConflictException(String code, String message, Map<String, String> details) {
    super(code, message, details);
  }

  @Override
  public int status() {
    return 409;
  }
}
