package app.billing.provisioning.core;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.PriceMatch;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Turns Stripe objects into our records. Pure functions: no I/O, no clock. */
public final class Projections {

  private Projections() {}

  public static SubscriptionRecord subscription(
      String tenantId, Subscription sub, Catalog catalog, EventVersion version) {
    SubscriptionItem item = firstItem(sub);
    String priceId = item == null || item.getPrice() == null ? null : item.getPrice().getId();
    Optional<PriceMatch> match = catalog.byPriceId(priceId);
    String reason =
        sub.getCancellationDetails() == null ? null : sub.getCancellationDetails().getReason();
    boolean pastDue = "past_due".equals(sub.getStatus());
    return new SubscriptionRecord(
        tenantId,
        sub.getCustomer(),
        sub.getId(),
        sub.getStatus(),
        match.map(m -> m.entry().key()).orElse(null),
        priceId,
        match.map(m -> m.cycle().wireName()).orElse(null),
        item == null || item.getQuantity() == null ? 1 : item.getQuantity(),
        instant(item == null ? null : item.getCurrentPeriodStart()),
        instant(item == null ? null : item.getCurrentPeriodEnd()),
        instant(sub.getTrialEnd()),
        Boolean.TRUE.equals(sub.getCancelAtPeriodEnd()),
        instant(sub.getCancelAt()),
        instant(sub.getCanceledAt()),
        instant(sub.getEndedAt()),
        reason,
        // The store keeps the earliest value across repeated past_due updates.
        pastDue ? Instant.ofEpochSecond(version.created()) : null,
        version);
  }

  public static PaymentRecord invoice(
      String tenantId, Invoice invoice, Catalog catalog, EventVersion version) {
    String subscriptionId =
        invoice.getParent() == null || invoice.getParent().getSubscriptionDetails() == null
            ? null
            : invoice.getParent().getSubscriptionDetails().getSubscription();
    return new PaymentRecord(
        tenantId,
        invoice.getId(),
        PaymentRecord.Kind.INVOICE,
        invoice.getCustomer(),
        nonNull(invoice.getAmountDue()),
        nonNull(invoice.getAmountPaid()),
        invoice.getCurrency(),
        invoice.getStatus(),
        invoiceDescription(invoice),
        instant(invoice.getCreated()),
        invoice.getHostedInvoiceUrl(),
        invoice.getInvoicePdf(),
        invoice.getBillingReason(),
        subscriptionId,
        null,
        version);
  }

  /**
   * @param status {@code paid}, {@code pending} or {@code failed}
   */
  public static PaymentRecord purchase(
      String tenantId, Session session, CatalogEntry entry, String status, EventVersion version) {
    long total = nonNull(session.getAmountTotal());
    return new PaymentRecord(
        tenantId,
        session.getId(),
        PaymentRecord.Kind.PURCHASE,
        session.getCustomer(),
        total,
        "paid".equals(status) ? total : 0,
        session.getCurrency(),
        status,
        entry == null ? "One-time purchase" : entry.name(),
        instant(session.getCreated()),
        null,
        null,
        null,
        null,
        entry == null ? null : entry.key(),
        version);
  }

  public static CustomerRecord customer(
      String tenantId, Customer customer, boolean deleted, EventVersion version) {
    return new CustomerRecord(
        tenantId,
        customer.getId(),
        customer.getEmail(),
        customer.getName(),
        Boolean.TRUE.equals(customer.getDelinquent()),
        deleted || Boolean.TRUE.equals(customer.getDeleted()),
        version);
  }

  public static EntitlementsRecord entitlements(
      String tenantId, String customerId, List<String> lookupKeys, EventVersion version) {
    return new EntitlementsRecord(
        tenantId, customerId, lookupKeys.stream().sorted().toList(), version);
  }

  /** Purchase status from a checkout session's payment status. */
  public static String purchaseStatus(String eventType, Session session) {
    if (eventType.endsWith("async_payment_failed")) {
      return "failed";
    }
    if (eventType.endsWith("async_payment_succeeded")) {
      return "paid";
    }
    return switch (session.getPaymentStatus() == null ? "" : session.getPaymentStatus()) {
      case "paid", "no_payment_required" -> "paid";
      default -> "pending";
    };
  }

  static SubscriptionItem firstItem(Subscription sub) {
    if (sub.getItems() == null
        || sub.getItems().getData() == null
        || sub.getItems().getData().isEmpty()) {
      return null;
    }
    return sub.getItems().getData().get(0);
  }

  private static String invoiceDescription(Invoice invoice) {
    if (invoice.getDescription() != null) {
      return invoice.getDescription();
    }
    String reason = invoice.getBillingReason() == null ? "" : invoice.getBillingReason();
    return switch (reason) {
      case "subscription_create" -> "Subscription started";
      case "subscription_cycle" -> "Subscription renewal";
      case "subscription_update" -> "Subscription change";
      default -> "Invoice" + (invoice.getNumber() == null ? "" : " " + invoice.getNumber());
    };
  }

  static Instant instant(Long epochSeconds) {
    return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
  }

  private static long nonNull(Long value) {
    return value == null ? 0 : value;
  }
}
