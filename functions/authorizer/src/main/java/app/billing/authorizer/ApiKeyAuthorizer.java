package app.billing.authorizer;

import app.billing.core.log.LogKeys;
import app.billing.core.tenant.Authenticator;
import app.billing.http.ApiRequest;
import app.billing.http.Headers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The decision of the HTTP API Lambda authorizer (payload format 2.0, simple responses): the
 * request's {@code Authorization: Bearer <api key>} header to {@code {"isAuthorized": true,
 * "context": {"tenantId": ...}}}, or {@code {"isAuthorized": false}} for a missing, malformed or
 * unknown key (API Gateway then answers 403; 401 when a configured identity source is missing).
 *
 * <p>Logs the outcome and, when authorized, the tenant; never the header, the key or its id. A
 * failing store propagates: the invocation fails and API Gateway answers 500, not "bad key".
 */
public final class ApiKeyAuthorizer {
  public static final String AUTHORIZATION_HEADER = "authorization";

  private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthorizer.class);

  private final Authenticator authenticator;

  public ApiKeyAuthorizer(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  /**
   * @param headers the request headers (HTTP API lower-cases names; matched case-insensitively
   *     anyway)
   */
  public Map<String, Object> authorize(Map<String, String> headers) {
    Authenticator.Result result;
    try {
      result = authenticator.authenticate(Headers.find(headers, AUTHORIZATION_HEADER).orElse(null));
    } catch (RuntimeException e) {
      log.error("api key lookup failed; the request is refused with 500", e);
      throw e;
    }
    String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
    MDC.put(LogKeys.OUTCOME, outcome);
    try {
      if (result.tenantId() != null) {
        MDC.put(LogKeys.TENANT_ID, result.tenantId());
        log.info("request authorized for tenant {}", result.tenantId());
        return allow(result.tenantId());
      }
      log.info("request refused: {} api key", outcome);
      return deny();
    } finally {
      MDC.remove(LogKeys.OUTCOME);
      MDC.remove(LogKeys.TENANT_ID);
    }
  }

  static Map<String, Object> allow(String tenantId) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("isAuthorized", true);
    response.put("context", Map.of(ApiRequest.TENANT_CONTEXT_KEY, tenantId));
    return response;
  }

  static Map<String, Object> deny() {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("isAuthorized", false);
    return response;
  }
}
