package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.tenant.ApiKeyRecord;
import app.billing.core.tenant.TenantProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoTenantStoreIT extends DynaliteTestSupport {
  private static final Instant NOW = Instant.parse("2026-03-01T09:13:00Z");
  private static final String HASH_A = "a1".repeat(32);
  private static final String HASH_B = "b2".repeat(32);
  private static final String HASH_C = "c3".repeat(32);

  private DynamoTenantStore tenants;

  @BeforeEach
  void tenantStore() {
    tenants = new DynamoTenantStore(dynamo, table);
  }

  private static TenantProfile acme() {
    return new TenantProfile("t_acme", "Acme Ltd", "billing@acme.test", null, NOW);
  }

  private static ApiKeyRecord key(String hash, String tenantId, Instant createdAt) {
    return new ApiKeyRecord(hash.substring(0, 12), hash, tenantId, createdAt);
  }

  // --- tenants ---

  @Test
  void createsAndReadsATenantProfile() {
    tenants.createTenant(acme());

    assertThat(tenants.tenant("t_acme")).contains(acme());
    assertThat(tenants.tenant("t_nobody")).isEmpty();
    Map<String, AttributeValue> item = rawItem("TENANT#t_acme", "PROFILE");
    assertThat(Items.string(item, "type")).isEqualTo("PROFILE");
    assertThat(Items.string(item, "tenantId")).isEqualTo("t_acme");
    assertThat(Items.string(item, "name")).isEqualTo("Acme Ltd");
    assertThat(Items.string(item, "billingEmail")).isEqualTo("billing@acme.test");
    assertThat(Items.string(item, "createdAt")).isEqualTo("2026-03-01T09:13:00Z");
    assertThat(item).doesNotContainKey("stripeCustomerId");
    // provisioning reads the billing email from the same item
    assertThat(store.tenantBillingEmail("t_acme")).contains("billing@acme.test");
  }

  @Test
  void refusesATakenTenantIdAndKeepsTheFirstProfile() {
    tenants.createTenant(acme());

    assertThatThrownBy(
            () ->
                tenants.createTenant(
                    new TenantProfile(
                        "t_acme", "Impostor", "x@evil.test", "cus_X", NOW.plusSeconds(1))))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.code()).isEqualTo("tenant_exists");
              assertThat(e).isInstanceOf(ConflictException.class);
            });
    assertThat(tenants.tenant("t_acme")).contains(acme());
  }

  @Test
  void listsOnlyTenantProfiles() {
    tenants.createTenant(acme());
    TenantProfile globex =
        new TenantProfile("t_globex", "Globex", "ap@globex.test", "cus_G1", NOW.plusSeconds(5));
    tenants.createTenant(globex);
    tenants.saveApiKey(key(HASH_A, "t_acme", NOW));
    tenants.countRequest("t_acme#checkout#1", NOW.plusSeconds(120));
    store.grantCredits("t_acme", "ord_1", 100, NOW);
    store.link("cus_A", "t_acme", NOW);

    assertThat(tenants.tenants()).containsExactlyInAnyOrder(acme(), globex);
  }

  @Test
  void listsNoTenantsOfAnEmptyTable() {
    assertThat(tenants.tenants()).isEmpty();
  }

  // --- Stripe customer ---

  @Test
  void theFirstStripeCustomerWins() {
    tenants.createTenant(acme());

    assertThat(tenants.attachStripeCustomer("t_acme", "cus_first")).isEqualTo("cus_first");
    assertThat(tenants.attachStripeCustomer("t_acme", "cus_second")).isEqualTo("cus_first");
    assertThat(tenants.tenant("t_acme").orElseThrow().stripeCustomerId()).isEqualTo("cus_first");
    assertThat(tenants.tenant("t_acme").orElseThrow().name()).isEqualTo("Acme Ltd");
  }

  @Test
  void attachingACustomerToAnUnknownTenantFailsAndCreatesNothing() {
    assertThatThrownBy(() -> tenants.attachStripeCustomer("t_nobody", "cus_1"))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).isEqualTo("tenant_not_found"));
    assertThat(rawItem("TENANT#t_nobody", "PROFILE")).isNull();
  }

  @Test
  void racingCheckoutsAgreeOnOneCustomer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 15; round++) {
        String tenantId = "t_race_" + round;
        tenants.createTenant(
            new TenantProfile(tenantId, "Race " + round, "r@race.test", null, NOW));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (String customer : List.of("cus_left_" + round, "cus_right_" + round)) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return tenants.attachStripeCustomer(tenantId, customer);
                  }));
        }
        start.countDown();
        String left = results.get(0).get();
        String right = results.get(1).get();

        assertThat(left).isEqualTo(right).isIn("cus_left_" + round, "cus_right_" + round);
        assertThat(tenants.tenant(tenantId).orElseThrow().stripeCustomerId()).isEqualTo(left);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // --- API keys ---

  @Test
  void savesAKeyAsALookupItemAndAListingItem() {
    tenants.createTenant(acme());
    ApiKeyRecord record = key(HASH_A, "t_acme", NOW);

    tenants.saveApiKey(record);

    assertThat(tenants.apiKeyByHash(HASH_A)).contains(record);
    assertThat(tenants.apiKeyByHash(HASH_B)).isEmpty();
    Map<String, AttributeValue> lookup = rawItem("APIKEY#" + HASH_A, "KEY");
    assertThat(Items.string(lookup, "type")).isEqualTo("API_KEY");
    assertThat(Items.string(lookup, "tenantId")).isEqualTo("t_acme");
    assertThat(Items.string(lookup, "keyId")).isEqualTo(HASH_A.substring(0, 12));
    assertThat(Items.string(lookup, "createdAt")).isEqualTo(NOW.toString());
    Map<String, AttributeValue> listing =
        rawItem("TENANT#t_acme", "APIKEY#" + HASH_A.substring(0, 12));
    assertThat(Items.string(listing, "type")).isEqualTo("API_KEY_REF");
    assertThat(Items.string(listing, "keyHash")).isEqualTo(HASH_A);
    assertThat(Items.string(listing, "createdAt")).isEqualTo(NOW.toString());
    // the listing item does not disturb the profile or the tenant listing
    assertThat(tenants.tenants()).containsExactly(acme());
  }

  @Test
  void listsATenantsKeysOnly() {
    tenants.createTenant(acme());
    ApiKeyRecord first = key(HASH_A, "t_acme", NOW);
    ApiKeyRecord second = key(HASH_B, "t_acme", NOW.plusSeconds(60));
    ApiKeyRecord other = key(HASH_C, "t_globex", NOW);
    tenants.saveApiKey(first);
    tenants.saveApiKey(second);
    tenants.saveApiKey(other);

    assertThat(tenants.apiKeys("t_acme")).containsExactlyInAnyOrder(first, second);
    assertThat(tenants.apiKeys("t_globex")).containsExactly(other);
    assertThat(tenants.apiKeys("t_nobody")).isEmpty();
  }

  @Test
  void refusesToStoreTheSameHashTwice() {
    tenants.saveApiKey(key(HASH_A, "t_acme", NOW));

    assertThatThrownBy(() -> tenants.saveApiKey(key(HASH_A, "t_globex", NOW)))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("api_key_exists"));
    assertThat(tenants.apiKeyByHash(HASH_A).orElseThrow().tenantId()).isEqualTo("t_acme");
    assertThat(tenants.apiKeys("t_globex")).isEmpty();
  }

  @Test
  void undoesTheLookupItemWhenTheKeyIdIsTakenForTheTenant() {
    String sameIdOtherHash = HASH_A.substring(0, 12) + "ff".repeat(26);
    tenants.saveApiKey(key(HASH_A, "t_acme", NOW));

    assertThatThrownBy(() -> tenants.saveApiKey(key(sameIdOtherHash, "t_acme", NOW)))
        .isInstanceOf(ConflictException.class);
    assertThat(tenants.apiKeyByHash(sameIdOtherHash)).isEmpty();
    assertThat(tenants.apiKeyByHash(HASH_A)).isPresent();
  }

  @Test
  void revokesBothItemsOfAKey() {
    ApiKeyRecord first = key(HASH_A, "t_acme", NOW);
    ApiKeyRecord second = key(HASH_B, "t_acme", NOW);
    tenants.saveApiKey(first);
    tenants.saveApiKey(second);

    assertThat(tenants.revokeApiKey("t_acme", first.keyId())).isTrue();

    assertThat(tenants.apiKeyByHash(HASH_A)).isEmpty();
    assertThat(rawItem("APIKEY#" + HASH_A, "KEY")).isNull();
    assertThat(rawItem("TENANT#t_acme", "APIKEY#" + first.keyId())).isNull();
    assertThat(tenants.apiKeys("t_acme")).containsExactly(second);
    assertThat(tenants.revokeApiKey("t_acme", first.keyId())).isFalse();
  }

  @Test
  void doesNotRevokeAnotherTenantsKey() {
    ApiKeyRecord acmeKey = key(HASH_A, "t_acme", NOW);
    tenants.saveApiKey(acmeKey);

    assertThat(tenants.revokeApiKey("t_globex", acmeKey.keyId())).isFalse();
    assertThat(tenants.apiKeyByHash(HASH_A)).contains(acmeKey);
  }

  @Test
  void repeatingAnInterruptedRevocationFinishesIt() {
    ApiKeyRecord record = key(HASH_A, "t_acme", NOW);
    tenants.saveApiKey(record);
    // the first attempt deleted the lookup item and stopped before the listing item
    dynamo.deleteItem(b -> b.tableName(table).key(Items.key("APIKEY#" + HASH_A, "KEY")));

    assertThat(tenants.revokeApiKey("t_acme", record.keyId())).isTrue();
    assertThat(tenants.apiKeys("t_acme")).isEmpty();
  }

  // --- rate windows ---

  @Test
  void countsRequestsPerWindow() {
    Instant expires = Instant.parse("2026-03-01T09:15:00Z");

    assertThat(tenants.countRequest("t_acme#checkout#29575", expires)).isEqualTo(1);
    assertThat(tenants.countRequest("t_acme#checkout#29575", expires)).isEqualTo(2);
    assertThat(tenants.countRequest("t_acme#checkout#29576", expires)).isEqualTo(1);
    assertThat(tenants.countRequest("t_acme#checkout#29575", expires)).isEqualTo(3);

    Map<String, AttributeValue> item = rawItem("RATE#t_acme#checkout#29575", "COUNT");
    assertThat(Items.string(item, "type")).isEqualTo("RATE_WINDOW");
    assertThat(Items.number(item, "count")).isEqualTo(3);
    assertThat(Items.number(item, "expiresAt")).isEqualTo(expires.getEpochSecond());
  }

  @Test
  void countsConcurrentRequestsAtomically() throws Exception {
    int callers = 10;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Callable<Long>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        calls.add(
            () -> {
              start.await();
              return tenants.countRequest("t_acme#portal#29575", NOW.plusSeconds(120));
            });
      }
      List<Future<Long>> futures = new ArrayList<>();
      calls.forEach(call -> futures.add(pool.submit(call)));
      start.countDown();
      List<Long> counts = new ArrayList<>();
      for (Future<Long> future : futures) {
        counts.add(future.get());
      }

      assertThat(counts)
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, callers).boxed().toList());
      assertThat(Items.number(rawItem("RATE#t_acme#portal#29575", "COUNT"), "count"))
          .isEqualTo(callers);
    } finally {
      pool.shutdownNow();
    }
  }
}
