package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.object;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.event.EventEnvelope;
import app.billing.core.model.ParkedEvent;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.testkit.story.Story;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TenantResolverTest {
  private final InMemoryBillingStore store = new InMemoryBillingStore();
  private final TenantResolver resolver =
      new TenantResolver(store, Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));

  @Test
  void anEventWithoutLinkOrHintIsParkedUnderItsCustomer() {
    TenantResolver.Resolution r = resolve(Story.TRIAL_STARTED, Subscription.class);

    assertThat(r.isParked()).isTrue();
    assertThat(store.parked())
        .extracting(ParkedEvent::eventId)
        .containsExactly(id(Story.TRIAL_STARTED));
  }

  @Test
  void theCheckoutsHintLinksTheCustomerAndHandsBackWhatWasParked() {
    resolve(Story.TRIAL_STARTED, Subscription.class);

    TenantResolver.Resolution r = resolve(Story.TRIAL_CHECKOUT_COMPLETED, Session.class);

    assertThat(r.tenantId()).isEqualTo(Story.TENANT);
    assertThat(r.cached()).isFalse();
    assertThat(r.parked())
        .extracting(ParkedEvent::eventId)
        .containsExactly(id(Story.TRIAL_STARTED));
    assertThat(store.linkedTenant(Story.CUSTOMER)).contains(Story.TENANT);
  }

  @Test
  void aRememberedLinkNeedsNoRead() {
    resolver.remember(Story.CUSTOMER, Story.TENANT);
    int before = store.calls();

    TenantResolver.Resolution r = resolve(Story.TRIAL_STARTED, Subscription.class);

    assertThat(r.tenantId()).isEqualTo(Story.TENANT);
    assertThat(r.cached()).isTrue();
    assertThat(store.calls()).isEqualTo(before);
  }

  private <T extends StripeObject> TenantResolver.Resolution resolve(Story step, Class<T> type) {
    String payload = step.json();
    EventEnvelope envelope = StripeObjects.envelope(payload);
    return resolver.resolve(envelope, object(step, type), payload);
  }

  private static String id(Story step) {
    return event(step).id();
  }
}
