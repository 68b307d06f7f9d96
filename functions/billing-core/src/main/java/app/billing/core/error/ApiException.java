package app.billing.core.error;

import java.util.Map;

/**
 * A request we refuse, one subclass per kind of refusal. The HTTP layer ({@code app.billing.http})
 * alone gives each kind its status and writes {@code {"error": {"code": "...", "message": "...",
 * ...details}}}; sealed so that its mapping covers every kind.
 */
public abstract sealed class ApiException extends RuntimeException
    permits ConflictException,
        ForbiddenException,
        NotFoundException,
        RateLimitedException,
        UnauthorizedException,
        UpstreamException,
        ValidationException {
  private final String code;
  private final Map<String, String> details;

  protected ApiException(String code, String message, Map<String, String> details) {
    super(message);
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public String code() {
    return code;
  }

  /** Extra string fields of the error object, e.g. {@code field} or {@code portal_flow}. */
  public Map<String, String> details() {
    return details;
  }
}
