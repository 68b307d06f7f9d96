package app.billing.core.tenant;

import app.billing.core.error.NotFoundException;
import app.billing.core.error.ValidationException;
import app.billing.core.port.TenantStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator actions on tenants and their API keys (the admin command). Plain keys are returned once,
 * by {@link #createTenant} and {@link #issueKey}, and never stored or logged.
 */
public final class TenantAdmin {
  private static final Logger log = LoggerFactory.getLogger(TenantAdmin.class);

  public static final String GENERATED_ID_PREFIX = "tnt_";

  /**
   * Letters, digits, {@code _} and {@code -}; no {@code #}, which separates key parts in the table.
   */
  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@.]+");
  private static final int MAX_EMAIL = 254;
  private static final int MAX_NAME = 200;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int GENERATED_ID_CHARS = 16;

  /** The new tenant and its first key; {@code key.apiKey()} is the only copy of the plain key. */
  public record CreatedTenant(TenantProfile profile, IssuedKey key) {}

  /** A tenant with its live keys, oldest key first. */
  public record TenantListing(TenantProfile profile, List<ApiKeyRecord> keys) {
    public TenantListing {
      keys = List.copyOf(keys);
    }

    public List<String> keyIds() {
      return keys.stream().map(ApiKeyRecord::keyId).toList();
    }
  }

  private final TenantStore store;
  private final ApiKeys keys;
  private final Clock clock;
  private final SecureRandom random;

  public TenantAdmin(TenantStore store, ApiKeys keys, Clock clock) {
    this(store, keys, clock, new SecureRandom());
  }

  /**
   * @param random generates tenant ids when none is given
   */
  public TenantAdmin(TenantStore store, ApiKeys keys, Clock clock, SecureRandom random) {
    this.store = Objects.requireNonNull(store, "store");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Creates the tenant and issues its first key.
   *
   * @param tenantId null or blank to generate one ({@code tnt_} and 16 base32 characters)
   * @throws ValidationException for an invalid id, a blank name or an implausible email
   * @throws app.billing.core.error.ConflictException when the id is taken
   */
  public CreatedTenant createTenant(String tenantId, String name, String billingEmail) {
    String id =
        tenantId == null || tenantId.isBlank()
            ? generateTenantId()
            : validTenantId(tenantId.strip());
    String cleanName = name == null ? "" : name.strip();
    if (cleanName.isEmpty() || cleanName.length() > MAX_NAME) {
      throw ValidationException.field(
          "name", "The tenant name must be 1 to " + MAX_NAME + " characters.");
    }
    String email = billingEmail == null ? "" : billingEmail.strip();
    if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
      throw ValidationException.field(
          "billingEmail", "The billing email must look like name@example.com.");
    }
    Instant now = clock.instant();
    TenantProfile profile = new TenantProfile(id, cleanName, email, null, now);
    store.createTenant(profile);
    IssuedKey key = keys.issue(id, now);
    store.saveApiKey(key.record());
    log.info("created tenant {}", id);
    return new CreatedTenant(profile, key);
  }

  /**
   * A further key for an existing tenant (e.g. to rotate: issue, deploy, then revoke the old one).
   *
   * @throws NotFoundException when there is no such tenant
   */
  public IssuedKey issueKey(String tenantId) {
    String id = requireTenant(tenantId);
    IssuedKey key = keys.issue(id, clock.instant());
    store.saveApiKey(key.record());
    log.info("issued an api key for tenant {}", id);
    return key;
  }

  /**
   * @throws NotFoundException when the tenant has no key with that id
   */
  public void revokeKey(String tenantId, String keyId) {
    String id = validTenantId(tenantId == null ? "" : tenantId.strip());
    String cleanKeyId = keyId == null ? "" : keyId.strip();
    if (!ApiKeys.isKeyId(cleanKeyId)) {
      throw ValidationException.field(
          "keyId",
          "A key id is " + ApiKeys.KEY_ID_LENGTH + " lower-case hex characters, as listed.");
    }
    if (!store.revokeApiKey(id, cleanKeyId)) {
      throw new NotFoundException(
          "api_key_not_found",
          "Tenant " + id + " has no key " + cleanKeyId + ".",
          Map.of("tenantId", id, "keyId", cleanKeyId));
    }
    log.info("revoked an api key of tenant {}", id);
  }

  /** Every tenant with its key ids, oldest tenant first. */
  public List<TenantListing> listTenants() {
    return store.tenants().stream()
        .sorted(
            Comparator.comparing(
                    TenantProfile::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(TenantProfile::tenantId))
        .map(
            profile ->
                new TenantListing(
                    profile,
                    store.apiKeys(profile.tenantId()).stream()
                        .sorted(
                            Comparator.comparing(
                                    ApiKeyRecord::createdAt,
                                    Comparator.nullsLast(Comparator.naturalOrder()))
                                .thenComparing(ApiKeyRecord::keyId))
                        .toList()))
        .toList();
  }

  private String requireTenant(String tenantId) {
    String id = validTenantId(tenantId == null ? "" : tenantId.strip());
    if (store.tenant(id).isEmpty()) {
      throw new NotFoundException(
          "tenant_not_found", "There is no tenant " + id + ".", Map.of("tenantId", id));
    }
    return id;
  }

  private static String validTenantId(String tenantId) {
    if (!TENANT_ID.matcher(tenantId).matches()) {
      throw ValidationException.field(
          "tenantId",
          "A tenant id is 1 to 64 letters, digits, '_' or '-', starting with a letter or digit.");
    }
    return tenantId;
  }

  private String generateTenantId() {
    StringBuilder id = new StringBuilder(GENERATED_ID_PREFIX);
    for (int i = 0; i < GENERATED_ID_CHARS; i++) {
      id.append(BASE32[random.nextInt(BASE32.length)]);
    }
    return id.toString();
  }
}
