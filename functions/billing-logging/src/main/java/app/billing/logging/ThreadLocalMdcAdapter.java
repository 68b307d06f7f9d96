package app.billing.logging;

import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

/**
 * MDC per thread, not inherited by threads it starts (as log4j2's default context map: provisioning's
 * per-group virtual threads set their own entries). Keys are kept sorted so that the fields of a log
 * line always come in the same order.
 */
final class ThreadLocalMdcAdapter implements MDCAdapter {
  private final ThreadLocal<TreeMap<String, String>> maps = new ThreadLocal<>();
  private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

  @Override
  public void put(String key, String value) {
    if (key == null) {
      throw new IllegalArgumentException("MDC key cannot be null");
    }
    TreeMap<String, String> map = maps.get();
    if (map == null) {
      map = new TreeMap<>();
      maps.set(map);
    }
    map.put(key, value);
  }

  @Override
  public String get(String key) {
    Map<String, String> map = maps.get();
    return map == null || key == null ? null : map.get(key);
  }

  @Override
  public void remove(String key) {
    Map<String, String> map = maps.get();
    if (map != null && key != null) {
      map.remove(key);
      if (map.isEmpty()) {
        maps.remove();
      }
    }
  }

  @Override
  public void clear() {
    maps.remove();
  }

  @Override
  public Map<String, String> getCopyOfContextMap() {
    Map<String, String> map = maps.get();
    return map == null ? null : new HashMap<>(map);
  }

  @Override
  public void setContextMap(Map<String, String> contextMap) {
    if (contextMap == null || contextMap.isEmpty()) {
      maps.remove();
    } else {
      maps.set(new TreeMap<>(contextMap));
    }
  }

  /** This thread's entries, sorted by key, for the line being written; null when there are none. */
  Map<String, String> current() {
    return maps.get();
  }

  @Override
  public void pushByKey(String key, String value) {
    stacks.pushByKey(key, value);
  }

  @Override
  public String popByKey(String key) {
    return stacks.popByKey(key);
  }

  @Override
  public Deque<String> getCopyOfDequeByKey(String key) {
    return stacks.getCopyOfDequeByKey(key);
  }

  @Override
  public void clearDequeByKey(String key) {
    stacks.clearDequeByKey(key);
  }
}
