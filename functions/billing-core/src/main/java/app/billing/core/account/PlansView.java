package app.billing.core.account;

import com.google.gson.annotations.SerializedName;
import java.util.List;

/** {@code GET /billing/plans}: the catalog in its configured order. */
public record PlansView(@SerializedName("data") List<PlanView> data) {
  public PlansView {
    data = List.copyOf(data);
  }
}
