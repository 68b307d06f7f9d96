package app.billing.testkit;

/** Catching the exception a call must throw, to assert on its details. */
public final class Exceptions {
  private Exceptions() {}

  /**
   * The {@code type} exception that {@code call} throws; an {@link AssertionError} if it returns
   * normally. Exceptions of other types pass through unchanged.
   */
  public static <E extends RuntimeException> E thrown(Class<E> type, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      if (type.isInstance(e)) {
        return type.cast(e);
      }
      throw e;
    }
    String name = type.getSimpleName();
    throw new AssertionError(
        "expected " + ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name);
  }
}
