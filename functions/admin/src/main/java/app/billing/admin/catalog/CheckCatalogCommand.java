package app.billing.admin.catalog;

import app.billing.admin.Table;
import app.billing.admin.catalog.CatalogCheck.Line;
import app.billing.catalog.RemoteCatalog;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.catalog.CatalogSource;
import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import app.billing.core.error.ApiException;
import app.billing.stripe.StripeSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code admin check-catalog [--source bundled|ssm:/name|s3://bucket/key] [--file catalog.json]}:
 * the catalog the functions would load (by default what {@code PLAN_CATALOG_SOURCE} / {@code
 * PLAN_CATALOG} name), each price checked against Stripe ({@link CatalogCheck}); a table, and exit
 * 1 when any price is missing, inactive or differs.
 *
 * <p>Env: {@code STRIPE_SECRET_KEY} (a key that can read prices; a restricted {@code rk_} key will
 * do), {@code STRIPE_API_BASE} (optional); for an SSM or S3 source, AWS region and credentials.
 */
public final class CheckCatalogCommand {
  public static final String NAME = "check-catalog";
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  public static final String USAGE_TEXT =
      """
        check-catalog [--source bundled|ssm:/name|s3://bucket/key] [--file <catalog.json>]
            Checks every price of the plan catalog against Stripe: it exists, is active, and has the catalog's
            amount, currency and interval (one_time for one-time items). Exit 1 on any mismatch. Default catalog:
            what PLAN_CATALOG_SOURCE / PLAN_CATALOG name, as the functions load it.
      """;

  private final Map<String, String> env;
  private final Function<StripeSettings, PriceReader> prices;

  /** Reads prices with stripe-java, as {@code STRIPE_SECRET_KEY} / {@code STRIPE_API_BASE} say. */
  public CheckCatalogCommand(Map<String, String> env) {
    this(env, settings -> new StripePriceReader(settings.client()));
  }

  CheckCatalogCommand(Map<String, String> env, Function<StripeSettings, PriceReader> prices) {
    this.env = Map.copyOf(env);
    this.prices = prices;
  }

  /**
   * @param args what follows {@code check-catalog}
   */
  public int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> chosen = new HashMap<>(env);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length || !(option.equals("--source") || option.equals("--file"))) {
        return usage(err, "unexpected argument '" + option + "'");
      }
      String value = args[++i];
      if (option.equals("--source")) {
        chosen.put(CatalogSource.VARIABLE, value);
        chosen.remove(CatalogLoader.INLINE_VARIABLE);
      } else {
        try {
          chosen.put(
              CatalogLoader.INLINE_VARIABLE,
              Files.readString(Path.of(value), StandardCharsets.UTF_8));
          chosen.remove(CatalogSource.VARIABLE);
        } catch (IOException e) {
          err.println("admin " + NAME + ": cannot read " + value + " (" + e + ")");
          return FAILED;
        }
      }
    }
    Catalog catalog;
    PriceReader reader;
    try {
      ConfigReader config = new ConfigReader(RemoteCatalog.resolve(chosen));
      catalog = CatalogLoader.load(config);
      StripeSettings stripe = StripeSettings.fromEnvironment(config);
      config.validate();
      reader = prices.apply(stripe);
    } catch (ConfigException e) {
      err.println("admin " + NAME + ": " + String.join("; ", e.problems()));
      return FAILED;
    }
    List<Line> lines;
    try {
      lines = new CatalogCheck(reader).check(catalog);
    } catch (ApiException e) {
      err.println("admin " + NAME + ": " + e.getMessage());
      return FAILED;
    }
    print(lines, out);
    long bad = lines.stream().filter(l -> !l.ok()).count();
    out.println(
        bad == 0
            ? lines.size() + " price(s) match Stripe."
            : bad + " of " + lines.size() + " price(s) do not match Stripe.");
    return bad == 0 ? OK : FAILED;
  }

  private static void print(List<Line> lines, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ENTRY", "CYCLE", "PRICE", "CATALOG", "STRIPE", "RESULT"});
    for (Line line : lines) {
      rows.add(
          new String[] {
            line.entry(),
            line.cycle().wireName(),
            line.expected().priceId(),
            line.expected().amount()
                + " "
                + line.expected().currency()
                + " "
                + CatalogCheck.cadence(line.cycle()),
            line.stripe()
                .map(
                    p ->
                        p.unitAmount()
                            + " "
                            + p.currency()
                            + " "
                            + CatalogCheck.cadence(p)
                            + (p.active() ? "" : " (inactive)"))
                .orElse("-"),
            line.ok() ? "ok" : String.join("; ", line.problems())
          });
    }
    Table.print(rows, out);
  }

  private static int usage(PrintStream err, String problem) {
    err.println("admin " + NAME + ": " + problem);
    err.print(USAGE_TEXT);
    return USAGE;
  }
}
