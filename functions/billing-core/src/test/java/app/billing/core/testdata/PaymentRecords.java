package app.billing.core.testdata;

import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.PaymentRecord.Kind;
import java.time.Instant;

/**
 * {@link PaymentRecord}s for tests: an invoice or a purchase, then only the fields that matter.
 * Unset fields are null (0 for amounts); the currency is usd.
 */
public final class PaymentRecords {
  private PaymentRecords() {}

  public static Builder invoice() {
    return ofKind(Kind.INVOICE);
  }

  public static Builder purchase() {
    return ofKind(Kind.PURCHASE);
  }

  public static Builder ofKind(Kind kind) {
    return new Builder(kind);
  }

  public static final class Builder {
    private final Kind kind;
    private String tenantId;
    private String paymentId;
    private String customerId;
    private long amount;
    private long amountPaid;
    private String currency = "usd";
    private String status;
    private String description;
    private Instant created;
    private String hostedUrl;
    private String pdfUrl;
    private String billingReason;
    private String subscriptionId;
    private String catalogKey;
    private EventVersion version;

    private Builder(Kind kind) {
      this.kind = kind;
    }

    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** The invoice id ({@code in_...}) or checkout session id ({@code cs_...}). */
    public Builder id(String paymentId) {
      this.paymentId = paymentId;
      return this;
    }

    public Builder customer(String customerId) {
      this.customerId = customerId;
      return this;
    }

    public Builder amount(long amount) {
      this.amount = amount;
      return this;
    }

    public Builder amountPaid(long amountPaid) {
      this.amountPaid = amountPaid;
      return this;
    }

    /** Amount due and amount paid alike. */
    public Builder paid(long amount) {
      return amount(amount).amountPaid(amount);
    }

    public Builder currency(String currency) {
      this.currency = currency;
      return this;
    }

    public Builder status(String status) {
      this.status = status;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder created(Instant created) {
      this.created = created;
      return this;
    }

    public Builder hostedUrl(String hostedUrl) {
      this.hostedUrl = hostedUrl;
      return this;
    }

    public Builder pdfUrl(String pdfUrl) {
      this.pdfUrl = pdfUrl;
      return this;
    }

    public Builder billingReason(String billingReason) {
      this.billingReason = billingReason;
      return this;
    }

    public Builder subscription(String subscriptionId) {
      this.subscriptionId = subscriptionId;
      return this;
    }

    public Builder catalogKey(String catalogKey) {
      this.catalogKey = catalogKey;
      return this;
    }

    public Builder version(EventVersion version) {
      this.version = version;
      return this;
    }

    public Builder version(long created, String eventId) {
      return version(new EventVersion(created, eventId));
    }

    public PaymentRecord build() {
      return new PaymentRecord(
          tenantId,
          paymentId,
          kind,
          customerId,
          amount,
          amountPaid,
          currency,
          status,
          description,
          created,
          hostedUrl,
          pdfUrl,
          billingReason,
          subscriptionId,
          catalogKey,
          version);
    }
  }
}
