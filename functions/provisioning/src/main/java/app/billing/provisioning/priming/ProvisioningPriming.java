package app.billing.provisioning.priming;

import app.billing.core.catalog.Catalog;
import app.billing.core.checkout.CheckoutToken;
import app.billing.core.config.StripeMode;
import app.billing.core.email.Email;
import app.billing.core.email.EmailComposer;
import app.billing.core.email.EmailSettings;
import app.billing.core.model.AuditEntry;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.port.EmailGuards.SentEmail;
import app.billing.core.priming.Priming;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.priming.OfflineClients;
import app.billing.provisioning.adapter.SesEmailSender;
import app.billing.provisioning.core.ProvisioningService;
import app.billing.provisioning.core.TrustedLinks;
import app.billing.provisioning.handler.ProvisioningHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * What provisioning's first batch runs, run before the SnapStart snapshot: an SQS batch of canned
 * Stripe events (subscription created, invoice paid and failed, a one-time checkout) through the
 * handler and the real {@link ProvisioningService} (event parsing with stripe-java's Gson,
 * projections, catalog, Mustache email templates), on in-memory ports that keep nothing; then the
 * DynamoDB and SES v2 requests the adapters make, marshalled and signed by separate clients whose
 * requests are stopped before they are sent. Nothing leaves the process, nothing is written, and
 * the production service and clients are not touched.
 */
public final class ProvisioningPriming implements Priming.Primer {
  static final List<String> CANNED_EVENTS =
      List.of(
          "priming/09-customer.subscription.created.json",
          "priming/10-invoice.paid.json",
          "priming/18-checkout.session.completed.json",
          "priming/21-invoice.payment_failed.json");

  private final Optional<String> region;

  public ProvisioningPriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  public void prime() throws Exception {
    List<Email> rendered = new ArrayList<>();
    ProvisioningService service =
        new ProvisioningService(
            new PrimingStore(),
            new PrimingGateway(),
            Catalog.load(Optional.empty()),
            new EmailComposer(
                new EmailSettings(
                    "Priming <priming@example.invalid>",
                    List.of(),
                    "Priming",
                    "https://example.invalid/billing")),
            rendered::add,
            // The store links every canned customer already; no hint is ever asked to link.
            new TrustedLinks(
                StripeMode.TEST,
                CheckoutToken.fromSecret("priming-checkout-token-key-not-a-secret-0000"),
                new app.billing.provisioning.core.port.TenantDirectory() {
                  @Override
                  public boolean exists(String tenantId) {
                    return false;
                  }

                  @Override
                  public void detachStripeCustomer(String tenantId, String customerId) {}
                }),
            Clock.systemUTC());
    SQSBatchResponse response = new ProvisioningHandler(service).handleRequest(batch(), null);
    if (!response.getBatchItemFailures().isEmpty()) {
      throw new IllegalStateException(
          "priming batch failed for " + response.getBatchItemFailures().size() + " events");
    }
    if (rendered.size() < CANNED_EVENTS.size() - 1) {
      throw new IllegalStateException(
          "priming rendered " + rendered.size() + " emails; the templates stay cold");
    }

    try (DynamoDbClient dynamo =
            OfflineClients.configure(DynamoDbClient.builder(), region).build();
        SesV2Client ses = OfflineClients.configure(SesV2Client.builder(), region).build()) {
      DynamoBillingStore store = new DynamoBillingStore(dynamo, "priming");
      Instant now = Instant.now();
      OfflineClients.stopped(() -> store.claimEmail("evt_priming:priming", now, false));
      OfflineClients.stopped(
          () ->
              store.writeBatch(
                  List.of(
                      new AuditEntry(
                          "tnt_priming",
                          "evt_priming",
                          "invoice.paid",
                          now.getEpochSecond(),
                          Outcome.APPLIED,
                          now)),
                  List.of(new SentEmail("evt_priming:priming", now, false))));
      OfflineClients.stopped(
          () -> store.markEmailSent(new SentEmail("evt_priming:priming", now, false)));
      OfflineClients.stopped(() -> store.lookup("cus_priming"));
      OfflineClients.stopped(() -> store.subscription("tnt_priming"));
      OfflineClients.stopped(
          () ->
              store.savePayment(
                  new PaymentRecord(
                      "tnt_priming",
                      "in_priming",
                      PaymentRecord.Kind.INVOICE,
                      "cus_priming",
                      100,
                      0,
                      "usd",
                      "open",
                      "priming",
                      now,
                      null,
                      null,
                      "subscription_cycle",
                      null,
                      null,
                      new EventVersion(now.getEpochSecond(), "evt_priming")),
                  false));
      OfflineClients.stopped(
          () ->
              store.unpark(
                  new app.billing.core.model.ParkedEvent(
                      "cus_priming", "evt_priming", "invoice.paid", now.getEpochSecond(), "{}")));
      Email email = rendered.getFirst();
      OfflineClients.stopped(() -> new SesEmailSender(ses, Optional.of("priming")).send(email));
    }
  }

  private static SQSEvent batch() throws IOException {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (String resource : CANNED_EVENTS) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId("priming-" + records.size());
      message.setBody(read(resource));
      message.setAttributes(
          Map.of("MessageGroupId", "cus_priming", "ApproximateReceiveCount", "1"));
      message.setEventSource("aws:sqs");
      records.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in =
        ProvisioningPriming.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
