package app.billing.core.tenant;

import app.billing.core.port.TenantStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the tenant of a request from its {@code Authorization: Bearer <api key>} header: the
 * scheme is case-insensitive, surrounding whitespace is ignored, and anything that is not shaped
 * like one of our keys is refused before the store is asked. Failures of the store propagate (the
 * caller answers 500 rather than calling a valid key unknown).
 */
public final class Authenticator {
  private static final String SCHEME = "Bearer";

  /** Why a header was accepted or refused; never carries the key. */
  public enum Outcome {
    AUTHORIZED,
    /** No header, or an empty one. */
    MISSING,
    /** Not {@code Bearer <key>}, or the key is not shaped like ours. */
    MALFORMED,
    /** Well formed, but no live key has that hash. */
    UNKNOWN
  }

  /**
   * @param tenantId set only when {@code outcome} is {@link Outcome#AUTHORIZED}
   */
  public record Result(Outcome outcome, String tenantId) {
    public Optional<String> tenant() {
      return Optional.ofNullable(tenantId);
    }
  }

  private final TenantStore store;

  public Authenticator(TenantStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The tenant owning the key in the header; empty for a missing, malformed or unknown key. */
  public Optional<String> tenantFor(String authorizationHeader) {
    return authenticate(authorizationHeader).tenant();
  }

  public Result authenticate(String authorizationHeader) {
    String header = authorizationHeader == null ? "" : authorizationHeader.strip();
    if (header.isEmpty()) {
      return new Result(Outcome.MISSING, null);
    }
    int space = firstWhitespace(header);
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase(SCHEME)) {
      return new Result(Outcome.MALFORMED, null);
    }
    String key = header.substring(space).strip();
    if (!ApiKeys.isWellFormed(key)) {
      return new Result(Outcome.MALFORMED, null);
    }
    String hash = ApiKeys.hash(key);
    return store
        .apiKeyByHash(hash)
        .filter(record -> hash.equals(record.keyHash()))
        .map(ApiKeyRecord::tenantId)
        .filter(tenantId -> !tenantId.isBlank())
        .map(tenantId -> new Result(Outcome.AUTHORIZED, tenantId))
        .orElseGet(() -> new Result(Outcome.UNKNOWN, null));
  }

  private static int firstWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
