package app.billing.testkit;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every URL connection the JDK opens while installed (HttpURLConnection asks the default
 * ProxySelector for each one: the AWS SDK's url-connection client and stripe-java both use it).
 */
public final class NetworkWatch extends ProxySelector implements AutoCloseable {
  private final ProxySelector previous = ProxySelector.getDefault();
  public final List<URI> connections = new CopyOnWriteArrayList<>();

  public NetworkWatch() {
    ProxySelector.setDefault(this);
  }

  @Override
  public List<Proxy> select(URI uri) {
    connections.add(uri);
    return List.of(Proxy.NO_PROXY);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}

  @Override
  public void close() {
    ProxySelector.setDefault(previous);
  }
}
