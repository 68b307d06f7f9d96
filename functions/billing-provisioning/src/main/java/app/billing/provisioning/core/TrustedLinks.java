package app.billing.provisioning.core;

import app.billing.core.checkout.CheckoutToken;
import app.billing.core.config.StripeMode;
import app.billing.provisioning.core.port.TenantDirectory;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What provisioning trusts: the deployment's Stripe mode (an event of the other mode is skipped),
 * and which tenant hints may link a customer. A hint ({@code client_reference_id}, {@code
 * metadata.tenantId}) links only when the object's {@code metadata.checkout_token} verifies for
 * that tenant and customer (only our checkout can sign one) and the tenant exists. Anything else
 * could come from a Payment Link or a hand-made session naming someone else's tenant.
 */
public final class TrustedLinks {
  private static final Logger log = LoggerFactory.getLogger(TrustedLinks.class);

  private final StripeMode mode;
  private final CheckoutToken token;
  private final TenantDirectory tenants;

  public TrustedLinks(StripeMode mode, CheckoutToken token, TenantDirectory tenants) {
    this.mode = Objects.requireNonNull(mode);
    this.token = Objects.requireNonNull(token);
    this.tenants = Objects.requireNonNull(tenants);
  }

  TenantDirectory tenants() {
    return tenants;
  }

  StripeMode mode() {
    return mode;
  }

  /** Whether the hint may link {@code customerId} to {@code tenantId}. */
  boolean allows(String tenantId, String customerId, Map<String, String> metadata) {
    if (!token.verify(metadata, tenantId, customerId)) {
      log.warn("tenant hint without a valid checkout token ignored");
      return false;
    }
    if (!tenants.exists(tenantId)) {
      log.warn("checkout token names a tenant that does not exist; not linked");
      return false;
    }
    return true;
  }
}
