package app.billing.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for engines that cannot bind port 0 themselves. */
public final class Ports {
  private Ports() {}

  /** A port that was free on 127.0.0.1 a moment ago; callers must tolerate the (rare) race. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }
}
