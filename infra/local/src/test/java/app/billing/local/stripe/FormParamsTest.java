package app.billing.local.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormParamsTest {

  @Test
  void readsStripeBracketNotation() {
    FormParams params =
        FormParams.parse(
            "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=2"
                + "&line_items[1][price]=price_2&metadata[tenantId]=t%201&subscription_data[metadata][tenantId]=t1"
                + "&expand[0]=customer&expand[1]=subscription&allow_promotion_codes=true");

    assertThat(params.string("mode")).contains("subscription");
    List<FormParams> items = params.list("line_items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).string("price")).contains("price_1");
    assertThat(items.get(0).integer("quantity")).contains(2L);
    assertThat(items.get(1).integer("quantity")).isEmpty();
    assertThat(params.hash("metadata").get("tenantId").getAsString()).isEqualTo("t 1");
    assertThat(params.string("subscription_data", "metadata", "tenantId")).contains("t1");
    assertThat(params.strings("expand").asList())
        .extracting(e -> e.getAsString())
        .containsExactly("customer", "subscription");
    assertThat(params.bool("allow_promotion_codes")).contains(true);
    assertThat(params.has("subscription_data", "trial_period_days")).isFalse();
  }

  @Test
  void listIndexesKeepTheirOrderPastNine() {
    StringBuilder encoded = new StringBuilder();
    for (int i = 11; i >= 0; i--) {
      encoded.append("&line_items[").append(i).append("][price]=p").append(i);
    }
    assertThat(FormParams.parse(encoded.substring(1)).list("line_items"))
        .extracting(item -> item.string("price").orElseThrow())
        .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11");
  }

  @Test
  void badScalarsAreStripeErrors() {
    FormParams params = FormParams.parse("quantity=two&flag=yes");
    assertThatThrownBy(() -> params.integer("quantity"))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("two");
    assertThatThrownBy(() -> params.bool("flag")).isInstanceOf(StripeError.class);
  }
}
