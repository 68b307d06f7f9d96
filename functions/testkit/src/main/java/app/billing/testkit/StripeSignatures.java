package app.billing.testkit;

import com.stripe.net.Webhook;
import java.security.GeneralSecurityException;

/** Builds Stripe-Signature headers so tests can send webhook events that pass real verification. */
public final class StripeSignatures {
    private StripeSignatures() {}

    /** {@code t=<timestamp>,v1=<hex HMAC-SHA256 of "timestamp.payload">}, exactly as Stripe signs events. */
    public static String header(String payload, String secret, long timestampSeconds) {
        try {
            String signature = Webhook.Util.computeHmacSha256(secret, timestampSeconds + "." + payload);
            return "t=" + timestampSeconds + ",v1=" + signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
