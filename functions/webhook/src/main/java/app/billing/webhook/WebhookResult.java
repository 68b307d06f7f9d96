package app.billing.webhook;

import app.billing.core.event.EventEnvelope;
import app.billing.core.http.ApiError;

/** What {@link WebhookService} made of one delivery; the handler turns it into an HTTP answer. */
public sealed interface WebhookResult {

  /** A genuine Stripe event: acknowledged, and enqueued when it is a type we act on. */
  record Received(EventEnvelope envelope, boolean enqueued) implements WebhookResult {}

  /** Refused (4xx, Stripe should not retry as-is) or failed (5xx, Stripe retries later). */
  record Failed(ApiError error) implements WebhookResult {}
}
