package app.billing.bench.jmh;

import app.billing.core.email.Email;
import app.billing.core.email.EmailComposer;
import app.billing.core.email.EmailKind;
import app.billing.core.email.EmailSettings;
import app.billing.provisioning.adapter.SesEmailSender;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one email by kind: {@code compose} renders subject, text and HTML from the Mustache
 * templates ({@link EmailComposer}, compiled once per container); {@code composeAndSend} also sends
 * it through {@link SesEmailSender} and the SES v2 SDK client (marshalling, SigV4), answered in
 * memory. Values are those provisioning passes for each kind (see {@code ProvisioningService}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EmailBenchmark {
  static final Map<EmailKind, Map<String, Object>> VALUES =
      Map.of(
          EmailKind.WELCOME,
              Map.of(
                  "planName",
                  "Pro",
                  "trialEndDate",
                  "December 15, 2026",
                  "periodEndDate",
                  "December 15, 2026"),
          EmailKind.INVOICE_RECEIPT,
              Map.of(
                  "amount",
                  "$19.00",
                  "date",
                  "December 1, 2026",
                  "hostedInvoiceUrl",
                  "https://invoice.stripe.com/i/acct_1/test_123",
                  "planName",
                  "Pro"),
          EmailKind.PURCHASE_RECEIPT,
              Map.of(
                  "itemName",
                  "Onboarding workshop",
                  "amount",
                  "$490.00",
                  "date",
                  "December 1, 2026",
                  "credits",
                  false),
          EmailKind.PAYMENT_FAILED,
              Map.of(
                  "amount",
                  "$19.00",
                  "nextRetryDate",
                  "December 4, 2026",
                  "hostedInvoiceUrl",
                  "https://invoice.stripe.com/i/acct_1/test_123"),
          EmailKind.PAYMENT_ACTION_REQUIRED,
              Map.of(
                  "amount",
                  "$19.00",
                  "hostedInvoiceUrl",
                  "https://invoice.stripe.com/i/acct_1/test_123"),
          EmailKind.TRIAL_ENDING, Map.of("planName", "Pro", "trialEndDate", "December 15, 2026"),
          EmailKind.CANCELLATION_SCHEDULED, Map.of("planName", "Pro", "endDate", "January 1, 2027"),
          EmailKind.SUBSCRIPTION_ENDED, Map.of("planName", "Pro", "paymentFailed", false));

  @Param({
    "WELCOME",
    "INVOICE_RECEIPT",
    "PURCHASE_RECEIPT",
    "PAYMENT_FAILED",
    "PAYMENT_ACTION_REQUIRED",
    "TRIAL_ENDING",
    "CANCELLATION_SCHEDULED",
    "SUBSCRIPTION_ENDED"
  })
  public String kind;

  private EmailKind emailKind;
  private EmailComposer composer;
  private SesEmailSender sender;
  private final InMemorySes ses = new InMemorySes();

  @Setup
  public void setUp() {
    emailKind = EmailKind.valueOf(kind);
    composer =
        new EmailComposer(
            new EmailSettings(
                "Acme Billing <billing@acme.test>",
                List.of("support@acme.test"),
                "Acme",
                "https://app.acme.test/billing"));
    sender = new SesEmailSender(ses.client(), Optional.empty());
    Email email = compose();
    if (email.subject().isBlank() || email.text().isBlank() || email.html().isBlank()) {
      throw new IllegalStateException(kind + " rendered an empty part");
    }
  }

  @Benchmark
  public Email compose() {
    return composer.compose(emailKind, "jane@example.com", VALUES.get(emailKind));
  }

  @Benchmark
  public Email composeAndSend() {
    Email email = compose();
    sender.send(email);
    return email;
  }
}
