package app.billing.local.stripe;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.PriceMatch;
import app.billing.local.stripe.CheckoutObjects.CheckoutRequest;
import app.billing.local.stripe.StripeBackend.IdempotentResponse;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's account on disk (the stack keeps it in {@code .local-data/stripe-stand-in.json}),
 * so that the Stripe ids the billing table holds still mean something after a restart. Stripe
 * objects are stored as the Stripe JSON the API returns; a Checkout Session's request keeps its
 * prices as price ids, resolved against the plan catalog when loaded. The file is rewritten whole
 * after every change: written to a temp file next to it, then moved over it, so it is never
 * half-written.
 */
final class StateFile {
  /** Changes when the layout does; a file of another format is refused, not misread. */
  static final int FORMAT = 1;

  private static final Logger log = LoggerFactory.getLogger(StateFile.class);

  /** Everything the stand-in knows, in the order it was created (events: oldest first). */
  record Saved(
      int format,
      List<JsonObject> customers,
      List<JsonObject> checkoutSessions,
      Map<String, CheckoutRequest> checkoutRequests,
      List<JsonObject> subscriptions,
      List<JsonObject> invoices,
      List<JsonObject> portalSessions,
      Map<String, List<String>> entitlements,
      List<JsonObject> events,
      Map<String, IdempotentResponse> idempotencyKeys,
      List<JsonObject> paymentIntents,
      List<JsonObject> charges,
      List<JsonObject> refunds,
      List<JsonObject> disputes,
      List<String> deletedCustomers,
      List<JsonObject> meterEvents) {
    Saved {
      customers = Objects.requireNonNullElse(customers, List.of());
      checkoutSessions = Objects.requireNonNullElse(checkoutSessions, List.of());
      checkoutRequests = Objects.requireNonNullElse(checkoutRequests, Map.of());
      subscriptions = Objects.requireNonNullElse(subscriptions, List.of());
      invoices = Objects.requireNonNullElse(invoices, List.of());
      portalSessions = Objects.requireNonNullElse(portalSessions, List.of());
      entitlements = Objects.requireNonNullElse(entitlements, Map.of());
      events = Objects.requireNonNullElse(events, List.of());
      idempotencyKeys = Objects.requireNonNullElse(idempotencyKeys, Map.of());
      // Added later; a file saved before has none of them (still format 1).
      paymentIntents = Objects.requireNonNullElse(paymentIntents, List.of());
      charges = Objects.requireNonNullElse(charges, List.of());
      refunds = Objects.requireNonNullElse(refunds, List.of());
      disputes = Objects.requireNonNullElse(disputes, List.of());
      deletedCustomers = Objects.requireNonNullElse(deletedCustomers, List.of());
      meterEvents = Objects.requireNonNullElse(meterEvents, List.of());
    }
  }

  private final Path file;
  private final Gson gson;

  StateFile(Path file, Catalog catalog) {
    this.file = file;
    this.gson =
        new GsonBuilder()
            // Stripe objects carry explicit nulls ("cancel_at": null); they must survive the round
            // trip.
            .serializeNulls()
            .disableHtmlEscaping()
            .registerTypeAdapter(PriceMatch.class, new PriceIdAdapter(catalog).nullSafe())
            .create();
  }

  Path path() {
    return file;
  }

  /**
   * The saved account, if there is one.
   *
   * @throws IllegalStateException when the file cannot be read or is of another format (starting
   *     empty would silently orphan the Stripe ids in the billing table)
   */
  Optional<Saved> load() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Saved saved;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      saved = gson.fromJson(in, Saved.class);
    } catch (IOException | JsonParseException e) {
      throw new IllegalStateException(
          "cannot read the Stripe stand-in's state "
              + file
              + " ("
              + e.getMessage()
              + "); delete it (or start with --reset) to begin with an empty Stripe account",
          e);
    }
    if (saved == null) {
      return Optional.empty();
    }
    if (saved.format() != FORMAT) {
      throw new IllegalStateException(
          "the Stripe stand-in's state "
              + file
              + " has format "
              + saved.format()
              + ", this version reads format "
              + FORMAT
              + "; delete it (or start with --reset) to begin with an empty "
              + "Stripe account");
    }
    return Optional.of(saved);
  }

  /** Replaces the file atomically. A failure is logged: the stand-in keeps running from memory. */
  void save(Saved state) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        gson.toJson(state, Saved.class, out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | UncheckedIOException e) {
      log.error("could not save the Stripe stand-in's state to {}: {}", file, e.toString());
    }
  }

  /**
   * A catalog price as its id. A price no longer in the catalog (PLAN_CATALOG changed) reads as
   * null; the backend drops the Checkout Sessions that sold it.
   */
  private static final class PriceIdAdapter extends TypeAdapter<PriceMatch> {
    private final Catalog catalog;

    PriceIdAdapter(Catalog catalog) {
      this.catalog = catalog;
    }

    @Override
    public void write(JsonWriter out, PriceMatch value) throws IOException {
      out.value(value.price().priceId());
    }

    @Override
    public PriceMatch read(JsonReader in) throws IOException {
      return catalog.byPriceId(in.nextString()).orElse(null);
    }
  }
}
