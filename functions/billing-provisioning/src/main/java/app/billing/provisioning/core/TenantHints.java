package app.billing.provisioning.core;

import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.util.Map;
import java.util.Optional;

/**
 * Where a Stripe object names our tenant: {@code metadata.tenantId} (set by our checkout on the
 * customer, session and subscription) or the session's {@code client_reference_id}. A hint is a
 * claim, not a proof: {@link TrustedLinks} decides whether it may link.
 */
public final class TenantHints {
  public static final String METADATA_KEY = "tenantId";

  private TenantHints() {}

  public static Optional<String> of(StripeObject object) {
    return switch (object) {
      case Session s -> first(metadata(s.getMetadata()), s.getClientReferenceId());
      case Subscription s -> metadata(s.getMetadata());
      case Customer c -> metadata(c.getMetadata());
      case Invoice i ->
          i.getParent() != null && i.getParent().getSubscriptionDetails() != null
              ? metadata(i.getParent().getSubscriptionDetails().getMetadata())
              : metadata(i.getMetadata());
      default -> Optional.empty();
    };
  }

  /**
   * The metadata that carries the object's {@code checkout_token}, next to its {@code tenantId} (an
   * invoice's is its subscription's, as Stripe copies it); empty when there is none.
   */
  public static Map<String, String> tokenMetadata(StripeObject object) {
    Map<String, String> metadata =
        switch (object) {
          case Session s -> s.getMetadata();
          case Subscription s -> s.getMetadata();
          case Invoice i ->
              i.getParent() != null && i.getParent().getSubscriptionDetails() != null
                  ? i.getParent().getSubscriptionDetails().getMetadata()
                  : i.getMetadata();
          default -> null;
        };
    return metadata == null ? Map.of() : metadata;
  }

  private static Optional<String> metadata(Map<String, String> metadata) {
    return metadata == null ? Optional.empty() : nonBlank(metadata.get(METADATA_KEY));
  }

  private static Optional<String> first(Optional<String> hint, String fallback) {
    return hint.isPresent() ? hint : nonBlank(fallback);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
