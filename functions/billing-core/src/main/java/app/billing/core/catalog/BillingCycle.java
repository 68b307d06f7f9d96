package app.billing.core.catalog;

import com.google.gson.annotations.SerializedName;
import java.util.Arrays;
import java.util.Optional;

/** How often a catalog price is charged; one-time items use {@link #ONE_TIME}. */
public enum BillingCycle {
  @SerializedName("monthly")
  MONTHLY("monthly"),
  @SerializedName("yearly")
  YEARLY("yearly"),
  @SerializedName("one_time")
  ONE_TIME("one_time");

  private final String wireName;

  BillingCycle(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<BillingCycle> fromWireName(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
  }
}
