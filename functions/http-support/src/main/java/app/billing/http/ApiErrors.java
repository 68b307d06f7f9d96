package app.billing.http;

import app.billing.core.error.ApiException;
import app.billing.core.error.ConflictException;
import app.billing.core.error.ForbiddenException;
import app.billing.core.error.NotFoundException;
import app.billing.core.error.RateLimitedException;
import app.billing.core.error.UnauthorizedException;
import app.billing.core.error.UpstreamException;
import app.billing.core.error.ValidationException;
import java.util.Map;

/** The one table from the core's refusals to HTTP statuses and headers. */
public final class ApiErrors {
  private ApiErrors() {}

  /** What every route answers for a bug: 500, and nothing about the cause. */
  public static final ApiError INTERNAL =
      new ApiError(500, "internal_error", "Something went wrong on our side.");

  public static ApiError of(ApiException e) {
    return new ApiError(status(e), e.code(), e.getMessage(), e.details());
  }

  /** Sealed: a new kind of refusal does not compile until it has its status here. */
  public static int status(ApiException e) {
    return switch (e) {
      case ValidationException v -> 400;
      case UnauthorizedException u -> 401;
      case ForbiddenException f -> 403;
      case NotFoundException n -> 404;
      case ConflictException c -> 409;
      case RateLimitedException r -> 429;
      case UpstreamException u -> 502;
    };
  }

  /** Headers the refusal adds to the JSON ones: {@code retry-after} for a rate limit. */
  public static Map<String, String> headers(ApiException e) {
    return e instanceof RateLimitedException r
        ? Map.of("retry-after", Long.toString(r.retryAfterSeconds()))
        : Map.of();
  }
}
