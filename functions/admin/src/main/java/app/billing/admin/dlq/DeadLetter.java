package app.billing.admin.dlq;

import java.time.Instant;

/**
 * One message of the event DLQ, as the tools show it.
 *
 * @param messageId the SQS message id (the same as on the source queue: search the provisioning
 *     log's {@code messageId} for why it failed)
 * @param eventId the Stripe event id (the message's deduplication id on the source queue)
 * @param type the Stripe event type, or "?" when the body is not a readable event
 * @param customerId the Stripe customer, or null
 * @param groupId the FIFO message group the event had (its customer, as the webhook sets it)
 * @param queuedAt when the event was first put on the source queue ({@code SentTimestamp})
 * @param receives how often provisioning received it before it was dead-lettered (and peeks since)
 * @param body the event JSON, exactly as enqueued
 */
public record DeadLetter(
    String messageId,
    String eventId,
    String type,
    String customerId,
    String groupId,
    Instant queuedAt,
    int receives,
    String body) {}
