package app.billing.core.outbound;

import app.billing.core.model.EventVersion;

/**
 * A refund as provisioning would record it from {@code refund.created}/{@code refund.updated}.
 * Provisioning does not handle refund events yet; this is the shape its refund write hands to
 * {@link OutboundMapper#refund}.
 *
 * @param paymentId the refunded charge or payment intent
 * @param amount minor units
 */
public record RefundRecord(
    String tenantId,
    String refundId,
    String paymentId,
    long amount,
    String currency,
    String reason,
    String status,
    EventVersion version) {}
