package app.billing.core.usage;

/**
 * @param maxRequestsPerWindow usage requests (reports and reads counted apart) one tenant may make
 *     per 10 s window
 */
public record UsageSettings(int maxRequestsPerWindow) {
  /** Usage is reported far more often than checkout or portal sessions are opened. */
  public static final int DEFAULT_MAX_REQUESTS = 20;

  public UsageSettings {
    if (maxRequestsPerWindow < 1) {
      throw new IllegalArgumentException("maxRequestsPerWindow must be at least 1");
    }
  }
}
