package app.billing.account;

import app.billing.core.access.AccessPolicy;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.config.ConfigReader;
import app.billing.dynamodb.BillingTable;
import java.time.Duration;
import java.util.Map;

/**
 * The account function's settings, read and validated once at init.
 *
 * <ul>
 *   <li>{@code BILLING_TABLE} (required): the billing table;
 *   <li>{@code PLAN_CATALOG_SOURCE} (optional): bundled (default), ssm:/name or s3://bucket/key; or
 *       {@code PLAN_CATALOG}: catalog JSON (see {@link CatalogLoader});
 *   <li>{@code PAST_DUE_GRACE_DAYS} (optional, 0–365, default 7): how long a past-due subscription
 *       keeps access, counted from when it went past due.
 * </ul>
 */
public record AccountConfig(String tableName, Catalog catalog, Duration pastDueGrace) {

  public static final String PLAN_CATALOG = "PLAN_CATALOG";
  public static final String PAST_DUE_GRACE_DAYS = "PAST_DUE_GRACE_DAYS";

  /**
   * @throws app.billing.core.config.ConfigException naming every missing or malformed variable
   */
  public static AccountConfig fromEnvironment(Map<String, String> env) {
    ConfigReader reader = new ConfigReader(env);
    String table = BillingTable.tableName(reader);
    Duration grace =
        reader.days(PAST_DUE_GRACE_DAYS, (int) AccessPolicy.DEFAULT_PAST_DUE_GRACE.toDays());
    Catalog catalog = CatalogLoader.load(reader);
    reader.validate();
    return new AccountConfig(table, catalog, grace);
  }
}
