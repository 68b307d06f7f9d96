package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.model.ParkedEvent;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.provisioning.core.testing.FakeTenantDirectory;
import app.billing.provisioning.core.testing.StoryEvents;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.net.ApiResource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TenantResolverTest {
  private static final String UNKNOWN_TENANT = "usr_no_such_tenant";
  private final InMemoryBillingStore store = new InMemoryBillingStore();
  private final TenantResolver resolver =
      new TenantResolver(
          store,
          new TrustedLinks(
              StripeMode.TEST,
              StoryEvents.TOKEN,
              new FakeTenantDirectory().unknown(UNKNOWN_TENANT)),
          Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));

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

  @Test
  void anotherTenantsIdInClientReferenceIdWithoutATokenLinksNothingAndParks() {
    String payload =
        edited(
            Story.TRIAL_CHECKOUT_COMPLETED.json(),
            session -> {
              session.addProperty("client_reference_id", "usr_victim");
              session.add("metadata", new JsonObject());
            });

    TenantResolver.Resolution r = resolve(payload, Session.class);

    assertThat(r.isParked()).isTrue();
    assertThat(store.linkedTenant(Story.CUSTOMER)).isEmpty();
    assertThat(store.parked())
        .extracting(ParkedEvent::eventId)
        .containsExactly(id(Story.TRIAL_CHECKOUT_COMPLETED));
  }

  @Test
  void theStorysOwnHintWithoutATokenDoesNotLink() {
    TenantResolver.Resolution r =
        resolve(StoryEvents.unsigned(Story.TRIAL_CHECKOUT_COMPLETED).payload(), Session.class);

    assertThat(r.isParked()).isTrue();
    assertThat(store.linkedTenant(Story.CUSTOMER)).isEmpty();
  }

  @Test
  void aTokenSignedForAnotherTenantDoesNotLink() {
    String payload =
        edited(
            StoryEvents.signed(Story.TRIAL_CHECKOUT_COMPLETED.json()),
            session -> {
              session.addProperty("client_reference_id", "usr_victim");
              session.getAsJsonObject("metadata").addProperty("tenantId", "usr_victim");
            });

    assertThat(resolve(payload, Session.class).isParked()).isTrue();
    assertThat(store.linkedTenant(Story.CUSTOMER)).isEmpty();
  }

  @Test
  void aValidTokenForATenantThatDoesNotExistDoesNotLink() {
    String payload =
        StoryEvents.signed(
            edited(
                Story.TRIAL_CHECKOUT_COMPLETED.json(),
                session -> {
                  session.addProperty("client_reference_id", UNKNOWN_TENANT);
                  session.add("metadata", new JsonObject());
                }));

    assertThat(resolve(payload, Session.class).isParked()).isTrue();
    assertThat(store.linkedTenant(Story.CUSTOMER)).isEmpty();
  }

  private <T extends StripeObject> TenantResolver.Resolution resolve(Story step, Class<T> type) {
    return resolve(event(step).payload(), type);
  }

  private <T extends StripeObject> TenantResolver.Resolution resolve(
      String payload, Class<T> type) {
    EventEnvelope envelope = StripeObjects.envelope(payload);
    JsonObject object =
        JsonParser.parseString(payload)
            .getAsJsonObject()
            .getAsJsonObject("data")
            .getAsJsonObject("object");
    return resolver.resolve(envelope, ApiResource.GSON.fromJson(object, type), payload);
  }

  private static String edited(String eventJson, Consumer<JsonObject> edit) {
    JsonObject event = JsonParser.parseString(eventJson).getAsJsonObject();
    edit.accept(event.getAsJsonObject("data").getAsJsonObject("object"));
    return event.toString();
  }

  private static String id(Story step) {
    return event(step).id();
  }
}
