package app.billing.core.account;

import com.google.gson.annotations.SerializedName;
import java.util.List;

/**
 * A page of {@code GET /billing/payments}, newest first.
 *
 * @param nextCursor pass as {@code cursor} to get the next page; null when {@code has_more} is
 *     false
 */
public record PaymentsView(
    @SerializedName("data") List<PaymentView> data,
    @SerializedName("has_more") boolean hasMore,
    @SerializedName("next_cursor") String nextCursor) {

  public PaymentsView {
    data = List.copyOf(data);
  }
}
