package app.billing.core.outbound;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the tenant may do, as {@code GET /billing/subscription} reports it: features and limits are
 * the plan's while access is allowed, empty otherwise.
 *
 * @param access {@code full}, {@code grace} or {@code none}
 * @param plan the plan whose features are granted; null when access is none
 * @param accessUntil when grace access ends; null unless {@code access} is {@code grace}
 */
public record AccessState(
    String access,
    String plan,
    List<String> features,
    Map<String, Long> limits,
    Instant accessUntil) {

  public AccessState {
    features = List.copyOf(features);
    limits = Collections.unmodifiableMap(new TreeMap<>(limits));
  }
}
