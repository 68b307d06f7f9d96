package app.billing.core.error;

import java.util.Map;

/** Stripe failed or timed out. */
public final class UpstreamException extends ApiException {
  public UpstreamException(String code, String message) {
    this(code, message, Map.of());
  }

  public UpstreamException(String code, String message, Map<String, String> details) {
    super(code, message, details);
  }
}
