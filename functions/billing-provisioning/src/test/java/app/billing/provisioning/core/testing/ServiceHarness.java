package app.billing.provisioning.core.testing;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.InvalidCatalogException;
import app.billing.core.config.StripeMode;
import app.billing.core.email.EmailComposer;
import app.billing.core.email.EmailSettings;
import app.billing.core.model.Outcome;
import app.billing.core.testing.Fixtures;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.core.testing.StoryEvent;
import app.billing.provisioning.core.ProvisioningService;
import app.billing.provisioning.core.TrustedLinks;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A {@link ProvisioningService} wired to the fakes, the bundled catalog and a fixed clock. */
public final class ServiceHarness {
  /** After the whole story (its last event is 2026-11-04). */
  public static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

  public static final EmailSettings EMAIL_SETTINGS =
      new EmailSettings(
          "Acme Billing <billing@acme.test>",
          List.of("support@acme.test"),
          "Acme Cloud",
          "https://app.example.com/billing");

  private static final Catalog CATALOG = loadCatalog();
  private static final EmailComposer COMPOSER = new EmailComposer(EMAIL_SETTINGS);

  public final InMemoryBillingStore store = new InMemoryBillingStore();
  public final FakeStripeGateway stripe;
  public final RecordingEmailSender sender = new RecordingEmailSender();
  public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  public final ProvisioningService service;

  /** Every tenant exists unless marked unknown. */
  public final FakeTenantDirectory tenants = new FakeTenantDirectory();

  /**
   * Fakes holding the latest story state; the one-time checkout sold the catalog's workshop price.
   */
  public ServiceHarness() {
    this(
        FakeStripeGateway.fromStory(Fixtures.story())
            .putCheckoutPriceIds(Fixtures.PURCHASE_CHECKOUT, List.of(workshopPriceId())));
  }

  public ServiceHarness(FakeStripeGateway stripe) {
    this.stripe = stripe;
    this.service =
        new ProvisioningService(
            store,
            stripe,
            CATALOG,
            COMPOSER,
            sender,
            new TrustedLinks(StripeMode.TEST, StoryEvents.TOKEN, tenants),
            clock);
  }

  public static Catalog catalog() {
    return CATALOG;
  }

  public static EmailComposer composer() {
    return COMPOSER;
  }

  /**
   * The catalog's price id for {@code onboarding_workshop}, as read from the bundled catalog.json.
   */
  public static String workshopPriceId() {
    return CATALOG
        .entry("onboarding_workshop")
        .orElseThrow()
        .price(BillingCycle.ONE_TIME)
        .orElseThrow()
        .priceId();
  }

  public Outcome process(StoryEvent event) {
    return service.process(event.payload());
  }

  public List<Outcome> processAll(List<StoryEvent> events) {
    List<Outcome> outcomes = new ArrayList<>();
    for (StoryEvent event : events) {
      outcomes.add(process(event));
    }
    return outcomes;
  }

  private static Catalog loadCatalog() {
    try {
      return Catalog.fromResource(Catalog.RESOURCE);
    } catch (InvalidCatalogException e) {
      throw new IllegalStateException(e);
    }
  }
}
