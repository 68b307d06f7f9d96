package app.billing.authorizer;

import app.billing.core.config.ConfigReader;
import app.billing.dynamodb.BillingTable;
import java.util.Map;

/**
 * The authorizer's settings, read and validated once at init: {@code BILLING_TABLE} (required),
 * where the API keys are.
 */
public record AuthorizerConfig(String tableName) {

  /**
   * @throws app.billing.core.config.ConfigException naming every missing or malformed variable
   */
  public static AuthorizerConfig fromEnvironment(Map<String, String> env) {
    ConfigReader reader = new ConfigReader(env);
    String table = BillingTable.tableName(reader);
    reader.validate();
    return new AuthorizerConfig(table);
  }
}
