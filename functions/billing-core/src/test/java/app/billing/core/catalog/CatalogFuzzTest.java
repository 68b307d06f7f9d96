package app.billing.core.catalog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the catalog parser ({@code PLAN_CATALOG} or the bundled catalog.json): a document yields a
 * catalog whose every price can be found again by its id, or an {@link InvalidCatalogException}
 * listing problems; anything else thrown is a finding (it would surface at init as a bare error).
 */
class CatalogFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void parsesAConsistentCatalogOrListsItsProblems(byte[] data) {
    Catalog catalog;
    try {
      catalog = Catalog.fromJson(new String(data, StandardCharsets.UTF_8));
    } catch (InvalidCatalogException e) {
      check(e.getMessage() != null && !e.getMessage().isBlank(), "the problems are listed");
      return;
    }
    check(!catalog.entries().isEmpty(), "a catalog has entries");
    for (CatalogEntry entry : catalog.entries()) {
      check(catalog.entry(entry.key()).orElseThrow() == entry, "an entry is found by its key");
      entry
          .prices()
          .forEach(
              (cycle, price) -> {
                PriceMatch match = catalog.byPriceId(price.priceId()).orElseThrow();
                check(
                    match.entry() == entry && match.cycle() == cycle, "a price is found by its id");
              });
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
