package app.billing.provisioning.core;

import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.provisioning.InvalidEventException;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Event;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiResource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An event payload typed with stripe-java, its object refetched when it cannot be typed. */
final class StripeObjects {
  private static final Logger log = LoggerFactory.getLogger(StripeObjects.class);

  private final StripeEventReads stripe;

  StripeObjects(StripeEventReads stripe) {
    this.stripe = stripe;
  }

  static EventEnvelope envelope(String payload) {
    try {
      return EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      throw new InvalidEventException(e.getMessage());
    }
  }

  static Event parse(String payload) {
    try {
      return ApiResource.GSON.fromJson(payload, Event.class);
    } catch (RuntimeException e) {
      throw new InvalidEventException("event does not parse as a Stripe event");
    }
  }

  /**
   * The typed {@code data.object}; when the payload's API version differs from the SDK's, the
   * object cannot be typed safely and is refetched by id instead of guessed.
   */
  StripeObject dataObject(Event event, EventEnvelope envelope) {
    Optional<StripeObject> typed = event.getDataObjectDeserializer().getObject();
    if (typed.isPresent()) {
      return typed.get();
    }
    log.info(
        "event API version {} cannot be typed by the SDK; refetching the object",
        event.getApiVersion());
    String type = envelope.type();
    String id = envelope.objectId();
    if (type.startsWith("customer.subscription.")) {
      return stripe.subscription(id);
    }
    if (type.startsWith("invoice.")) {
      return stripe.invoice(id);
    }
    if (type.startsWith("checkout.session.")) {
      return stripe.checkoutSession(id);
    }
    if (type.startsWith("customer.")) {
      return stripe.customer(id);
    }
    throw new InvalidEventException("cannot type or refetch the object of a " + type + " event");
  }
}
