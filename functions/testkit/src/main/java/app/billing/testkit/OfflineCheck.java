package app.billing.testkit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;

/**
 * Proves code sends nothing: the given SDK endpoint properties point at a local WireMock (a request
 * that escaped would be seen there) and every JDK URL connection is recorded ({@link
 * NetworkWatch}).
 *
 * <pre>
 * try (var offline = OfflineCheck.start("aws.endpointUrlDynamoDb")) { prime(); offline.assertNothingSent(); }
 * </pre>
 */
public final class OfflineCheck implements AutoCloseable {
  private final WireMockServer remote =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private final List<String> endpointProperties;
  private final NetworkWatch network;

  private OfflineCheck(List<String> endpointProperties) {
    this.endpointProperties = endpointProperties;
    remote.start();
    endpointProperties.forEach(p -> System.setProperty(p, remote.baseUrl()));
    network = new NetworkWatch();
  }

  /**
   * @param endpointProperties SDK system properties such as {@code aws.endpointUrlDynamoDb}
   */
  public static OfflineCheck start(String... endpointProperties) {
    return new OfflineCheck(List.of(endpointProperties));
  }

  public void assertNothingSent() {
    if (!remote.getAllServeEvents().isEmpty()) {
      throw new AssertionError("requests left the process: " + remote.getAllServeEvents().size());
    }
    if (!network.connections.isEmpty()) {
      throw new AssertionError("URL connections opened: " + network.connections);
    }
  }

  @Override
  public void close() {
    network.close();
    endpointProperties.forEach(System::clearProperty);
    remote.stop();
  }
}
