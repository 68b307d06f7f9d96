package app.billing.bench.jmh;

import app.billing.bench.Events;
import app.billing.core.catalog.Catalog;
import app.billing.core.email.EmailComposer;
import app.billing.core.email.EmailSettings;
import app.billing.core.model.Outcome;
import app.billing.provisioning.adapter.SesEmailSender;
import app.billing.provisioning.core.ProvisioningService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm CPU cost of applying one event ({@link ProvisioningService#process}) with the store and
 * Stripe stubbed ({@link StubBillingStore}, {@link StubStripeGateway}): envelope read, typing the
 * whole event with stripe-java's Gson, projection to records, audit entry, and the email the event
 * calls for.
 *
 * <p>Every invocation gets a fresh copy of the event (new event, customer, subscription, invoice
 * and session ids, made outside the timed call), so no email guard is ever warm: not the store's
 * claim, not the container's memory of kept-for-good keys (welcome, purchase receipt). {@code
 * emails=guarded}: the store says each email was already sent (a redelivery's path); {@code
 * emails=compose}: each is claimed, rendered (Mustache, text + HTML) and sent through the real
 * {@link SesEmailSender} and SES v2 SDK client, answered in memory ({@link InMemorySes}). The
 * events are those that send an email: {@link #EMAILS_SENT} names what each sends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProvisioningBenchmark {
  /** Emails each event sends with a cold guard (checked in set-up). */
  public static final Map<String, String> EMAILS_SENT =
      Map.of(
          "09-customer.subscription.created.json", "welcome",
          "15-invoice.paid.json", "invoice receipt (19.00)",
          "18-checkout.session.completed.json", "purchase receipt (one-time payment)",
          "13-customer.subscription.trial_will_end.json", "trial ending + welcome",
          "20-invoice.payment_action_required.json", "payment action required",
          "21-invoice.payment_failed.json", "payment failed",
          "24-customer.subscription.deleted.json", "subscription ended",
          "12-customer.updated.json", "none");

  @Param({
    "09-customer.subscription.created.json",
    "15-invoice.paid.json",
    "18-checkout.session.completed.json",
    "13-customer.subscription.trial_will_end.json",
    "20-invoice.payment_action_required.json",
    "21-invoice.payment_failed.json",
    "24-customer.subscription.deleted.json",
    "12-customer.updated.json"
  })
  public String event;

  /**
   * {@code guarded}: every email guard says already sent; {@code compose}: claim, render and send.
   */
  @Param({"guarded", "compose"})
  public String emails;

  private String template;
  private String payload;
  private int copy;
  private ProvisioningService service;
  private final InMemorySes ses = new InMemorySes();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    template = Events.story(event);
    var settings =
        new EmailSettings(
            "Acme Billing <billing@acme.test>",
            List.of("support@acme.test"),
            "Acme",
            "https://app.acme.test/billing");
    service =
        new ProvisioningService(
            new StubBillingStore("usr_8f3a1c2e", "cus_1BREyS0ms3pllo", "guarded".equals(emails)),
            new StubStripeGateway(),
            Catalog.load(java.util.Optional.empty()),
            new EmailComposer(settings),
            new SesEmailSender(ses.client(), java.util.Optional.empty()),
            // The stub store links the story's customer already; no hint is asked to link.
            new app.billing.provisioning.core.TrustedLinks(
                app.billing.core.config.StripeMode.TEST,
                app.billing.core.checkout.CheckoutToken.fromSecret(
                    "bench-checkout-token-key-0123456789abcdef"),
                new app.billing.provisioning.core.port.TenantDirectory() {
                  @Override
                  public boolean exists(String tenantId) {
                    return true;
                  }

                  @Override
                  public void detachStripeCustomer(String tenantId, String customerId) {}
                }),
            Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));
    freshCopy();
    Outcome outcome = apply();
    if (outcome != Outcome.APPLIED) {
      throw new IllegalStateException(event + " gave " + outcome + ", not APPLIED");
    }
    long sent = ses.sends.get();
    boolean sends = !"none".equals(EMAILS_SENT.get(event));
    if ("compose".equals(emails) ? sent == 0 && sends : sent != 0) {
      throw new IllegalStateException(event + " (" + emails + ") sent " + sent + " email(s)");
    }
  }

  /** Outside the timed call: a new copy of the event, so no guard has seen its keys. */
  @Setup(Level.Invocation)
  public void freshCopy() {
    payload = Events.forCustomer(template, 1_000_000 + copy++);
  }

  /** Emails sent so far (the smoke test checks the composed path sends one per invocation). */
  public long emailsSent() {
    return ses.sends.get();
  }

  @Benchmark
  public Outcome apply() {
    return service.process(payload);
  }
}
