package app.billing.core.portal;

import app.billing.core.http.JsonBody;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /billing/portal}; may be empty.
 *
 * @param flow empty opens the portal's home page
 */
public record PortalRequest(Optional<String> returnUrl, Optional<PortalFlow> flow) {
  public static final Set<String> FIELDS = Set.of("return_url", "flow");

  /**
   * @throws app.billing.core.error.ValidationException for malformed JSON, unknown fields or bad
   *     values
   */
  public static PortalRequest fromJson(String body) {
    JsonBody json = JsonBody.parse(body, FIELDS);
    return new PortalRequest(
        json.optionalString("return_url"), PortalFlow.optional(json.optionalString("flow")));
  }
}
