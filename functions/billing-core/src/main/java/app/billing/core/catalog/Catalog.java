package app.billing.core.catalog;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server-side list of what can be bought. Clients name a catalog key and billing cycle, never a
 * Stripe price id; provisioning maps the price ids Stripe reports back to plan keys.
 *
 * <p>Loaded from the {@code PLAN_CATALOG} variable (JSON) when set, otherwise from the bundled
 * {@code catalog.json} resource; {@link CatalogLoader} also fills that variable from an SSM
 * parameter or S3 object ({@link CatalogSource}).
 */
public final class Catalog {
  public static final String RESOURCE = "catalog.json";
  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

  /** Stripe's limit on a meter's {@code event_name}. */
  static final int MAX_EVENT_NAME_LENGTH = 100;

  private static final Gson GSON =
      new GsonBuilder()
          .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
          .create();

  private final Map<String, CatalogEntry> entries;
  private final Map<String, PriceMatch> byPriceId;

  private Catalog(List<CatalogEntry> entries) {
    Map<String, CatalogEntry> byKey = new LinkedHashMap<>();
    Map<String, PriceMatch> prices = new HashMap<>();
    for (CatalogEntry entry : entries) {
      byKey.put(entry.key(), entry);
      entry
          .prices()
          .forEach(
              (cycle, price) -> prices.put(price.priceId(), new PriceMatch(entry, cycle, price)));
    }
    this.entries = java.util.Collections.unmodifiableMap(byKey);
    this.byPriceId = Map.copyOf(prices);
  }

  /** Parses and validates a catalog document; the exception lists every problem found. */
  public static Catalog fromJson(String json) throws InvalidCatalogException {
    Document document;
    try {
      document = GSON.fromJson(json, Document.class);
    } catch (JsonParseException | NumberFormatException e) {
      // Gson reports a malformed unicode escape as a bare NumberFormatException (found by
      // CatalogFuzzTest).
      throw new InvalidCatalogException(List.of("catalog is not valid JSON: " + e.getMessage()));
    }
    if (document == null || document.entries == null || document.entries.isEmpty()) {
      throw new InvalidCatalogException(
          List.of("catalog must list at least one entry under \"entries\""));
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> seenPrices = new HashMap<>();
    Map<String, Boolean> seenKeys = new HashMap<>();
    Map<String, String> meterEvents = new HashMap<>();
    for (int i = 0; i < document.entries.size(); i++) {
      CatalogEntry entry = document.entries.get(i);
      if (entry == null) {
        problems.add("entry #" + (i + 1) + " is empty");
        continue;
      }
      validate(entry, problems, seenKeys, seenPrices);
      validateMeters(entry, problems, seenPrices, meterEvents);
    }
    if (!problems.isEmpty()) {
      throw new InvalidCatalogException(problems);
    }
    return new Catalog(document.entries);
  }

  public static Catalog fromResource(String resource) throws InvalidCatalogException {
    try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidCatalogException(List.of("catalog resource " + resource + " not found"));
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code PLAN_CATALOG} JSON if given, else the bundled resource. */
  public static Catalog load(Optional<String> catalogJson) throws InvalidCatalogException {
    return catalogJson.isPresent() ? fromJson(catalogJson.get()) : fromResource(RESOURCE);
  }

  public List<CatalogEntry> entries() {
    return List.copyOf(entries.values());
  }

  public Optional<CatalogEntry> entry(String key) {
    return Optional.ofNullable(key == null ? null : entries.get(key));
  }

  public Optional<PriceMatch> byPriceId(String priceId) {
    return Optional.ofNullable(priceId == null ? null : byPriceId.get(priceId));
  }

  /**
   * A meter some plan of the catalog bills, if any; every plan naming it sends it to the same
   * Stripe {@code event_name} (checked when the catalog is loaded), so any of them answers.
   */
  public Optional<CatalogMeter> meter(String meter) {
    return entries.values().stream().flatMap(e -> e.meter(meter).stream()).findFirst();
  }

  private static void validate(
      CatalogEntry entry,
      List<String> problems,
      Map<String, Boolean> keys,
      Map<String, String> prices) {
    String where = "entry " + (entry.key() == null ? "(no key)" : "'" + entry.key() + "'");
    if (entry.key() == null || !KEY.matcher(entry.key()).matches()) {
      problems.add(where + ": key must be lower-case letters, digits, '_' or '-'");
    } else if (keys.put(entry.key(), true) != null) {
      problems.add(where + ": key is used twice");
    }
    if (entry.name() == null || entry.name().isBlank()) {
      problems.add(where + ": name is missing");
    }
    if (entry.mode() == null) {
      problems.add(where + ": mode must be \"subscription\" or \"payment\"");
    }
    if (entry.prices().isEmpty()) {
      problems.add(where + ": at least one price is required");
    }
    entry
        .prices()
        .forEach(
            (cycle, price) -> {
              if (cycle == null) {
                problems.add(where + ": price cycle must be monthly, yearly or one_time");
                return;
              }
              if (price == null) {
                problems.add(where + ": " + cycle.wireName() + " price is missing");
                return;
              }
              boolean oneTime = cycle == BillingCycle.ONE_TIME;
              if (entry.mode() != null && entry.isSubscription() == oneTime) {
                problems.add(
                    where
                        + ": "
                        + (oneTime
                            ? "subscription plans need monthly or yearly prices"
                            : "one-time items need a single one_time price"));
              }
              if (price.priceId() == null || !price.priceId().startsWith("price_")) {
                problems.add(where + ": " + cycle.wireName() + " price_id must start with price_");
              } else if (prices.put(price.priceId(), entry.key()) != null) {
                problems.add(where + ": price " + price.priceId() + " is used twice");
              }
              if (price.amount() < 0) {
                problems.add(where + ": " + cycle.wireName() + " amount must not be negative");
              }
              if (price.currency() == null || !CURRENCY.matcher(price.currency()).matches()) {
                problems.add(
                    where + ": " + cycle.wireName() + " currency must be a lower-case ISO code");
              }
            });
    if (entry.features().stream().anyMatch(f -> f == null || f.isBlank())) {
      problems.add(where + ": features must be non-empty strings");
    }
    entry
        .limits()
        .forEach(
            (name, limit) -> {
              if (name == null || name.isBlank() || limit == null) {
                problems.add(where + ": limits must map names to whole numbers");
              }
            });
    validatePerSeat(entry, where, problems);
    if (entry.trialDays() < 0 || entry.trialDays() > 730) {
      problems.add(where + ": trial_days must be between 0 and 730");
    }
    if (entry.credits() < 0) {
      problems.add(where + ": credits must not be negative");
    }
    if (!entry.captureMethod().equals("automatic") && !entry.captureMethod().equals("manual")) {
      problems.add(where + ": capture_method must be automatic or manual");
    }
  }

  /** Per-seat limits scale with a subscription's quantity, so they name limits of a plan. */
  private static void validatePerSeat(CatalogEntry entry, String where, List<String> problems) {
    if (entry.perSeatLimits().isEmpty()) {
      return;
    }
    if (entry.mode() != null && !entry.isSubscription()) {
      problems.add(where + ": per_seat_limits are only for subscription plans");
    }
    Set<String> seen = new HashSet<>();
    for (String name : entry.perSeatLimits()) {
      if (name == null || !entry.limits().containsKey(name)) {
        problems.add(where + ": per_seat_limits names '" + name + "', which is not in limits");
      } else if (!seen.add(name)) {
        problems.add(where + ": per_seat_limits lists '" + name + "' twice");
      }
    }
  }

  /**
   * Meters belong to subscription plans (Stripe invoices usage per subscription period); a meter
   * appears once per plan, and with one {@code event_name} across plans, since clients name the
   * meter, not the plan. Metered prices share the price-id namespace with the fixed prices.
   */
  private static void validateMeters(
      CatalogEntry entry,
      List<String> problems,
      Map<String, String> prices,
      Map<String, String> meterEvents) {
    if (entry.meters().isEmpty()) {
      return;
    }
    String where = "entry " + (entry.key() == null ? "(no key)" : "'" + entry.key() + "'");
    if (entry.mode() != null && !entry.isSubscription()) {
      problems.add(where + ": meters are only for subscription plans");
    }
    Map<String, Boolean> seen = new HashMap<>();
    for (CatalogMeter meter : entry.meters()) {
      if (meter == null) {
        problems.add(where + ": a meter is empty");
        continue;
      }
      if (meter.meter() == null || !KEY.matcher(meter.meter()).matches()) {
        problems.add(where + ": meter names must be lower-case letters, digits, '_' or '-'");
        continue;
      }
      String what = where + ": meter '" + meter.meter() + "'";
      if (seen.put(meter.meter(), true) != null) {
        problems.add(what + " is listed twice");
      }
      String eventName = meter.eventName();
      if (eventName == null
          || eventName.isBlank()
          || eventName.length() > MAX_EVENT_NAME_LENGTH
          || !eventName.strip().equals(eventName)) {
        problems.add(
            what + ": event_name must be 1 to " + MAX_EVENT_NAME_LENGTH + " characters, unpadded");
      } else {
        String other = meterEvents.putIfAbsent(meter.meter(), eventName);
        if (other != null && !other.equals(eventName)) {
          problems.add(
              what
                  + ": event_name '"
                  + eventName
                  + "' differs from another plan's '"
                  + other
                  + "'");
        }
      }
      if (meter.price() == null || !meter.price().startsWith("price_")) {
        problems.add(what + ": price must start with price_");
      } else if (prices.put(meter.price(), String.valueOf(entry.key())) != null) {
        problems.add(what + ": price " + meter.price() + " is used twice");
      }
    }
  }

  private static final class Document {
    List<CatalogEntry> entries;
  }
}
