package app.billing.testkit.story;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.function.BinaryOperator;

/**
 * Signs a story event as our checkout would have: the story's objects carry a tenant hint but no
 * {@code checkout_token}, and provisioning links a customer only by a verified token. The fixture
 * files stay as Stripe sent them; tests sign copies.
 */
public final class StoryTokens {
  public static final String TOKEN_KEY = "checkout_token";
  public static final String TENANT_KEY = "tenantId";

  private StoryTokens() {}

  /**
   * The event with {@code metadata.tenantId} and {@code metadata.checkout_token} set on its object
   * when the object names a tenant ({@code metadata.tenantId} or {@code client_reference_id}) and a
   * customer; any other event unchanged.
   *
   * @param sign (tenantId, customerId) to token, e.g. {@code CheckoutToken::sign}
   */
  public static String signed(String eventJson, BinaryOperator<String> sign) {
    JsonObject event = JsonParser.parseString(eventJson).getAsJsonObject();
    JsonObject object = event.getAsJsonObject("data").getAsJsonObject("object");
    String customer = string(object.get("customer"));
    JsonObject metadata = object(object, "metadata");
    // An invoice carries its subscription's metadata, token included.
    JsonObject details = object(object(object, "parent"), "subscription_details");
    if (details != null && object(details, "metadata") != null) {
      metadata = object(details, "metadata");
    }
    String tenant = metadata == null ? null : string(metadata.get(TENANT_KEY));
    if (tenant == null) {
      tenant = string(object.get("client_reference_id"));
    }
    if (tenant == null || customer == null) {
      return eventJson;
    }
    if (metadata == null) {
      metadata = new JsonObject();
      object.add("metadata", metadata);
    }
    metadata.addProperty(TENANT_KEY, tenant);
    metadata.addProperty(TOKEN_KEY, sign.apply(tenant, customer));
    return event.toString();
  }

  private static JsonObject object(JsonObject parent, String name) {
    return parent != null && parent.has(name) && parent.get(name).isJsonObject()
        ? parent.getAsJsonObject(name)
        : null;
  }

  private static String string(JsonElement value) {
    return value == null || !value.isJsonPrimitive() || value.getAsString().isBlank()
        ? null
        : value.getAsString();
  }
}
