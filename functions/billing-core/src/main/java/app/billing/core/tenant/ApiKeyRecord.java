package app.billing.core.tenant;

import java.time.Instant;

/**
 * What is stored of an API key: never the key, only its SHA-256.
 *
 * @param keyId a short public identifier (shown in listings, used to revoke)
 * @param keyHash lower-case hex SHA-256 of the full key
 */
public record ApiKeyRecord(String keyId, String keyHash, String tenantId, Instant createdAt) {}
