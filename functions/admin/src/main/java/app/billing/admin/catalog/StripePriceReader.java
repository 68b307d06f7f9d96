package app.billing.admin.catalog;

import app.billing.core.error.UpstreamException;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Price;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PriceReader} on stripe-java: {@code GET /v1/prices/{id}} ({@code
 * StripeClient.v1().prices().retrieve}).
 */
public final class StripePriceReader implements PriceReader {
  private final StripeClient stripe;

  public StripePriceReader(StripeClient stripe) {
    this.stripe = Objects.requireNonNull(stripe, "stripe");
  }

  @Override
  public Optional<StripePrice> price(String priceId) {
    Price price;
    try {
      price = stripe.v1().prices().retrieve(priceId);
    } catch (InvalidRequestException e) {
      if ("resource_missing".equals(e.getCode())) {
        return Optional.empty();
      }
      throw failure(priceId, e);
    } catch (StripeException e) {
      throw failure(priceId, e);
    }
    Price.Recurring recurring = price.getRecurring();
    return Optional.of(
        new StripePrice(
            price.getId(),
            Boolean.TRUE.equals(price.getActive()),
            price.getUnitAmount(),
            price.getCurrency(),
            price.getType(),
            recurring == null ? null : recurring.getInterval(),
            recurring == null || recurring.getIntervalCount() == null
                ? 0
                : recurring.getIntervalCount()));
  }

  private static UpstreamException failure(String priceId, StripeException e) {
    return new UpstreamException(
        "stripe_error",
        "Stripe GET /v1/prices/"
            + priceId
            + " failed: status "
            + e.getStatusCode()
            + " code "
            + e.getCode()
            + " request "
            + e.getRequestId());
  }
}
