package app.billing.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.error.ValidationException;
import app.billing.core.tenant.TenantAdmin.CreatedTenant;
import app.billing.core.tenant.TenantAdmin.TenantListing;
import app.billing.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantAdminTest {
  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

  private InMemoryTenantStore store;
  private MutableClock clock;
  private TenantAdmin admin;

  @BeforeEach
  void setUp() {
    store = new InMemoryTenantStore();
    clock = new MutableClock(NOW);
    admin = new TenantAdmin(store, new ApiKeys(), clock);
  }

  @Test
  void createsTheTenantAndItsFirstKey() {
    CreatedTenant created = admin.createTenant("t_acme", "  Acme Ltd ", " billing@acme.test ");

    assertThat(created.profile())
        .isEqualTo(new TenantProfile("t_acme", "Acme Ltd", "billing@acme.test", null, NOW));
    assertThat(store.tenant("t_acme")).contains(created.profile());
    assertThat(created.key().record().tenantId()).isEqualTo("t_acme");
    assertThat(store.storedKeys()).containsOnlyKeys(ApiKeys.hash(created.key().apiKey()));
    assertThat(new Authenticator(store).tenantFor("Bearer " + created.key().apiKey()))
        .contains("t_acme");
  }

  @Test
  void generatesATenantIdWhenNoneIsGiven() {
    CreatedTenant first = admin.createTenant(null, "Acme", "billing@acme.test");
    CreatedTenant second = admin.createTenant("  ", "Globex", "ap@globex.test");

    assertThat(first.profile().tenantId()).matches("tnt_[a-z2-7]{16}");
    assertThat(second.profile().tenantId())
        .matches("tnt_[a-z2-7]{16}")
        .isNotEqualTo(first.profile().tenantId());
  }

  @Test
  void refusesATakenTenantIdAndIssuesNoKey() {
    admin.createTenant("t_acme", "Acme", "billing@acme.test");

    assertThatThrownBy(() -> admin.createTenant("t_acme", "Other", "x@other.test"))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("tenant_exists"));
    assertThat(store.storedKeys()).hasSize(1);
    assertThat(store.tenant("t_acme").orElseThrow().name()).isEqualTo("Acme");
  }

  @Test
  void validatesNameEmailAndId() {
    assertInvalid(() -> admin.createTenant("t1", " ", "billing@acme.test"), "name");
    assertInvalid(() -> admin.createTenant("t1", null, "billing@acme.test"), "name");
    assertInvalid(() -> admin.createTenant("t1", "x".repeat(201), "billing@acme.test"), "name");
    for (String email :
        new String[] {
          null,
          "",
          "acme",
          "billing@",
          "@acme.test",
          "billing@acme",
          "a b@acme.test",
          "billing@@acme.test",
          "billing@acme.",
          "x".repeat(250) + "@a.test"
        }) {
      assertInvalid(() -> admin.createTenant("t1", "Acme", email), "billingEmail");
    }
    for (String id :
        new String[] {"t#1", "TENANT#x", "_t", "-t", "t 1", "t/1", "x".repeat(65), "tént"}) {
      assertInvalid(() -> admin.createTenant(id, "Acme", "billing@acme.test"), "tenantId");
    }
    assertThat(store.tenants()).isEmpty();
    assertThat(store.storedKeys()).isEmpty();
  }

  @Test
  void issuesFurtherKeysForAnExistingTenant() {
    CreatedTenant created = admin.createTenant("t_acme", "Acme", "billing@acme.test");
    clock.advance(Duration.ofMinutes(5));

    IssuedKey second = admin.issueKey("t_acme");

    assertThat(second.apiKey()).isNotEqualTo(created.key().apiKey());
    assertThat(second.record().createdAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    Authenticator authenticator = new Authenticator(store);
    assertThat(authenticator.tenantFor("Bearer " + second.apiKey())).contains("t_acme");
    assertThat(authenticator.tenantFor("Bearer " + created.key().apiKey())).contains("t_acme");
  }

  @Test
  void issuingAKeyForAnUnknownTenantFails() {
    assertThatThrownBy(() -> admin.issueKey("t_nobody"))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).isEqualTo("tenant_not_found"));
    assertThat(store.storedKeys()).isEmpty();
  }

  @Test
  void revokesOneKeyAndKeepsTheOthers() {
    CreatedTenant created = admin.createTenant("t_acme", "Acme", "billing@acme.test");
    IssuedKey second = admin.issueKey("t_acme");

    admin.revokeKey("t_acme", created.key().keyId());

    Authenticator authenticator = new Authenticator(store);
    assertThat(authenticator.tenantFor("Bearer " + created.key().apiKey())).isEmpty();
    assertThat(authenticator.tenantFor("Bearer " + second.apiKey())).contains("t_acme");
  }

  @Test
  void revokingAnUnknownKeyFails() {
    CreatedTenant acme = admin.createTenant("t_acme", "Acme", "billing@acme.test");
    admin.createTenant("t_globex", "Globex", "ap@globex.test");

    assertThatThrownBy(() -> admin.revokeKey("t_acme", "0123456789ab"))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).isEqualTo("api_key_not_found"));
    // another tenant's key id does not revoke it
    assertThatThrownBy(() -> admin.revokeKey("t_globex", acme.key().keyId()))
        .isInstanceOf(NotFoundException.class);
    assertInvalid(() -> admin.revokeKey("t_acme", "not-a-key-id"), "keyId");
    assertThat(new Authenticator(store).tenantFor("Bearer " + acme.key().apiKey()))
        .contains("t_acme");
  }

  @Test
  void listsTenantsOldestFirstWithTheirKeyIds() {
    CreatedTenant acme = admin.createTenant("t_acme", "Acme", "billing@acme.test");
    clock.advance(Duration.ofSeconds(1));
    IssuedKey acmeSecond = admin.issueKey("t_acme");
    CreatedTenant globex = admin.createTenant("t_globex", "Globex", "ap@globex.test");
    store.attachStripeCustomer("t_globex", "cus_G1");

    List<TenantListing> listing = admin.listTenants();

    assertThat(listing)
        .extracting(l -> l.profile().tenantId())
        .containsExactly("t_acme", "t_globex");
    assertThat(listing.get(0).keyIds()).containsExactly(acme.key().keyId(), acmeSecond.keyId());
    assertThat(listing.get(1).keyIds()).containsExactly(globex.key().keyId());
    assertThat(listing.get(1).profile().stripeCustomerId()).isEqualTo("cus_G1");
  }

  @Test
  void listsNothingWithoutTenants() {
    assertThat(admin.listTenants()).isEmpty();
  }

  private static void assertInvalid(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.details()).containsEntry("field", field));
  }
}
