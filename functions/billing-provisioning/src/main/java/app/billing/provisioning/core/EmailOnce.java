package app.billing.provisioning.core;

import app.billing.core.email.EmailComposer;
import app.billing.core.email.EmailKind;
import app.billing.core.email.Recipients;
import app.billing.core.metrics.MetricNames;
import app.billing.core.metrics.Metrics;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.EmailGuards;
import app.billing.core.port.EmailSender;
import app.billing.core.port.VersionedRecords;
import app.billing.core.provisioning.EmailKeys;
import app.billing.core.provisioning.PermanentFailureException;
import app.billing.provisioning.core.port.StripeEventReads;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an email at most once per key. The key is claimed before sending (so concurrent consumers
 * of one event cannot both send) and marked sent right after SES accepted the message, with one
 * conditional write of the claimed guard: from then on no redelivery sends it again. A repeat is
 * only possible when the process dies (or the mark fails twice, see below) in the moment between
 * SES accepting and that write, and the claim's lease then runs out before a redelivery.
 *
 * <p>A transient send failure gives the claim back and fails the event, so its retry sends the
 * email (the record write finds the event stored). A permanent one (invalid or refused recipient,
 * Stripe 4xx while looking the recipient up) gives the claim back and marks the email failed on the
 * event ({@link EventRun#emailFailed}): the record stays applied. Keys of one event only need to
 * outlive redelivery; keys of a subscription or purchase (welcome, purchase receipt) are kept for
 * good.
 */
final class EmailOnce {
  private static final Logger log = LoggerFactory.getLogger(EmailOnce.class);

  private final EmailGuards guards;
  private final VersionedRecords store;
  private final StripeEventReads stripe;
  private final EmailComposer composer;
  private final EmailSender sender;
  private final Clock clock;
  private final Metrics metrics;

  /**
   * Kept-for-good email keys already sent or being sent: the welcome is checked on every active
   * subscription event, and a settled key needs no claim round trip.
   */
  private final ContainerCache<Boolean> settledEmails;

  EmailOnce(
      EmailGuards guards,
      VersionedRecords store,
      StripeEventReads stripe,
      EmailComposer composer,
      EmailSender sender,
      Clock clock,
      Metrics metrics) {
    this.guards = Objects.requireNonNull(guards);
    this.store = Objects.requireNonNull(store);
    this.stripe = Objects.requireNonNull(stripe);
    this.composer = Objects.requireNonNull(composer);
    this.sender = Objects.requireNonNull(sender);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
    this.settledEmails = ContainerCache.withDefaults(clock);
  }

  /** Sends the rule's email if the rule applies to these facts. */
  <F extends EmailRule.Facts> void send(EmailRule<F> rule, F facts) {
    if (rule.applies(facts)) {
      sendOnce(
          facts.run(),
          rule.kind(),
          rule.guard().apply(facts),
          facts.customerId(),
          facts.knownEmail(),
          () -> rule.values().apply(facts));
    }
  }

  /** Every rule of the table, in order. */
  <F extends EmailRule.Facts> void sendAll(Iterable<EmailRule<F>> rules, F facts) {
    for (EmailRule<F> rule : rules) {
      send(rule, facts);
    }
  }

  /** The kept-for-good key is known (in this container) to be sent or being sent. */
  boolean isSettled(String key) {
    return settledEmails.get(key).isPresent();
  }

  private void sendOnce(
      EventRun run,
      EmailKind kind,
      EmailGuard guard,
      String customerId,
      String knownEmail,
      Supplier<Map<String, Object>> values) {
    String key = EmailKeys.of(guard.scope(), kind);
    if (guard.forever() && isSettled(key)) {
      return;
    }
    if (guards.claimEmail(key, clock.instant(), guard.forever()) == EmailGuards.EmailClaim.TAKEN) {
      // Sent, or being sent by a consumer whose own retry finishes it if sending fails.
      settle(guard, key);
      return;
    }
    try {
      Optional<String> to = recipient(run.tenantId, customerId, knownEmail);
      if (to.isEmpty()) {
        guards.releaseEmail(key);
        run.emailFailed(kind, "no_valid_recipient");
        countEmail(MetricNames.EMAILS_FAILED, kind);
        log.warn("no valid email address for the tenant; {} email not sent", kind.template());
        return;
      }
      sender.send(composer.compose(kind, to.get(), new HashMap<>(values.get())));
      countEmail(MetricNames.EMAILS_SENT, kind);
    } catch (PermanentFailureException e) {
      releaseAfterFailure(key, e);
      run.emailFailed(kind, e.reason());
      countEmail(MetricNames.EMAILS_FAILED, kind);
      log.warn(
          "{} email failed for good ({}); the record stays applied", kind.template(), e.reason());
      return;
    } catch (RuntimeException e) {
      releaseAfterFailure(key, e);
      throw e;
    }
    EmailGuards.SentEmail sent = new EmailGuards.SentEmail(key, clock.instant(), guard.forever());
    try {
      guards.markEmailSent(sent);
    } catch (RuntimeException markFailed) {
      // The claim still holds for its lease; the batch's end writes the mark as a second chance.
      log.warn(
          "marking the {} email sent failed; the batch's end writes the mark",
          kind.template(),
          markFailed);
      run.writes.add(sent);
    }
    settle(guard, key);
    log.info("email sent: {}", kind.template());
  }

  private void countEmail(String metric, EmailKind kind) {
    metrics.count(metric, Map.of(MetricNames.KIND, kind.template()));
  }

  /**
   * Only kept-for-good keys come back (per-event keys only on redelivery); they alone are worth
   * caching.
   */
  private void settle(EmailGuard guard, String key) {
    if (guard.forever()) {
      settledEmails.put(key, true);
    }
  }

  private void releaseAfterFailure(String key, RuntimeException failure) {
    try {
      guards.releaseEmail(key);
    } catch (RuntimeException releaseFailed) {
      // The claim's lease runs out instead; the retry of the event claims it then.
      failure.addSuppressed(releaseFailed);
    }
  }

  /**
   * The first valid address ({@link Recipients}) of: the one the event names, the customer
   * record's, the Stripe customer's, the tenant's billing email. An invalid address is skipped,
   * never sent to; it is not logged (personal data).
   */
  private Optional<String> recipient(String tenantId, String customerIdHint, String knownEmail) {
    if (knownEmail != null) {
      Optional<String> valid = Recipients.parse(knownEmail);
      if (valid.isPresent()) {
        return valid;
      }
      log.warn("the event's recipient address is not one valid address; using the address on file");
    }
    Optional<CustomerRecord> customer = store.customer(tenantId);
    Optional<String> onFile = customer.map(CustomerRecord::email).flatMap(Recipients::parse);
    if (onFile.isPresent()) {
      return onFile;
    }
    Optional<String> customerId =
        customer
            .map(CustomerRecord::customerId)
            .or(() -> Optional.ofNullable(customerIdHint))
            .or(() -> store.subscription(tenantId).map(SubscriptionRecord::customerId));
    if (customerId.isPresent()) {
      Optional<String> fromStripe =
          Optional.ofNullable(stripe.customer(customerId.get()).getEmail())
              .flatMap(Recipients::parse);
      if (fromStripe.isPresent()) {
        return fromStripe;
      }
    }
    return store.tenantBillingEmail(tenantId).flatMap(Recipients::parse);
  }
}
