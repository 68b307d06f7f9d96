package app.billing.local.stripe;

import app.billing.core.catalog.CatalogEntry;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code /v1/prices} and {@code /v1/products}: the plan catalog, read-only. */
final class Prices {
  private final StripeObjects objects;

  Prices(StripeObjects objects) {
    this.objects = objects;
  }

  JsonObject price(String id) {
    return objects
        .priceMatch(id)
        .map(objects::price)
        .orElseThrow(() -> StripeError.noSuch("price", id, "id"));
  }

  JsonObject product(String id) {
    for (CatalogEntry entry : objects.catalog().entries()) {
      if (StripeObjects.productId(entry).equals(id)) {
        return objects.product(entry);
      }
    }
    throw StripeError.noSuch("product", id, "id");
  }

  JsonObject prices() {
    JsonArray data = new JsonArray();
    Set<String> seen = new LinkedHashSet<>();
    for (CatalogEntry entry : objects.catalog().entries()) {
      entry
          .prices()
          .values()
          .forEach(
              p -> {
                if (seen.add(p.priceId())) {
                  objects.priceMatch(p.priceId()).map(objects::price).ifPresent(data::add);
                }
              });
    }
    return StripeObjects.list("/v1/prices", data);
  }
}
