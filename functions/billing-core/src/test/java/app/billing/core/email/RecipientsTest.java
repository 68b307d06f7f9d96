package app.billing.core.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecipientsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"ada@example.com", "ada.lovelace+billing@lovelace.dev", "a_b-c@sub.example.co.uk"})
  void oneBareAddressIsAccepted(String address) {
    assertThat(Recipients.parse(address)).contains(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ada@example.com\r\nBcc: victim@example.com",
        "ada@example.com\nBcc: victim@example.com",
        "ada@example.com\r",
        "ada@example.com, eve@example.com",
        "ada@example.com;eve@example.com",
        "Ada <ada@example.com>",
        "\"Ada\" <ada@example.com>",
        "undisclosed:ada@example.com;",
        "ada@example.com ",
        " ada@example.com",
        "ada@@example.com",
        "ada",
        "@example.com",
        "ada@",
        "ada@localhost",
        "ada@[127.0.0.1]",
        "ada@example.com.",
        "adä@example.com",
        "ada@exämple.com",
        "ada@example.com\u0000",
        "ada(comment)@example.com",
        ""
      })
  void anythingElseIsRefused(String hostile) {
    assertThat(Recipients.parse(hostile)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {255, 1000})
  void overlongAddressesAreRefused(int length) {
    assertThat(Recipients.parse("a".repeat(length - "@example.com".length()) + "@example.com"))
        .isEmpty();
  }
}
