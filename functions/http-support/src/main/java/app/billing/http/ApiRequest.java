package app.billing.http;

import app.billing.core.error.UnauthorizedException;
import app.billing.core.error.ValidationException;
import app.billing.core.log.LogKeys;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/** An HTTP API (payload 2.0) request as the API functions need it. */
public final class ApiRequest {
  /**
   * Key of the tenant id in the authorizer's context (simple responses put it under {@code
   * lambda}).
   */
  public static final String TENANT_CONTEXT_KEY = "tenantId";

  private final APIGatewayV2HTTPEvent event;

  public ApiRequest(APIGatewayV2HTTPEvent event) {
    this.event = event;
  }

  public APIGatewayV2HTTPEvent event() {
    return event;
  }

  public String method() {
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    return http == null || http.getMethod() == null ? "" : http.getMethod().toUpperCase();
  }

  public String path() {
    return event.getRawPath() == null ? "" : event.getRawPath();
  }

  /** The body as text; API Gateway base64-encodes bodies whose content type is not text. */
  public String body() {
    String body = event.getBody();
    if (body == null) {
      return "";
    }
    if (!event.getIsBase64Encoded()) {
      return body;
    }
    try {
      return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("invalid_body", "The request body is not valid base64.");
    }
  }

  public Optional<String> query(String name) {
    Map<String, String> query = event.getQueryStringParameters();
    return Optional.ofNullable(query == null ? null : query.get(name)).filter(v -> !v.isBlank());
  }

  /** The header's value; names match case-insensitively. */
  public Optional<String> header(String name) {
    return Headers.find(event.getHeaders(), name);
  }

  /**
   * The tenant the authorizer resolved from the API key. Handlers read the tenant only from here,
   * never from the body or path, so one tenant can never name another. It also goes into the log
   * context, so every log line of the request names the tenant.
   */
  public String tenantId() {
    var context = event.getRequestContext();
    var authorizer = context == null ? null : context.getAuthorizer();
    Map<String, Object> lambda = authorizer == null ? null : authorizer.getLambda();
    Object tenant = lambda == null ? null : lambda.get(TENANT_CONTEXT_KEY);
    if (!(tenant instanceof String id) || id.isBlank()) {
      throw new UnauthorizedException("unauthorized", "A valid API key is required.");
    }
    MDC.put(LogKeys.TENANT_ID, id);
    return id;
  }
}
