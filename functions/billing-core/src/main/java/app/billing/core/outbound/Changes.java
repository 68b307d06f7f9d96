package app.billing.core.outbound;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which fields of two snapshots of the same record type differ. */
final class Changes {
  private Changes() {}

  /**
   * @param before null for a new record: then every non-null field of {@code after} counts as
   *     changed
   */
  static <T extends Record> List<String> between(T before, T after) {
    List<String> changed = new ArrayList<>();
    for (RecordComponent component : after.getClass().getRecordComponents()) {
      Object was = before == null ? null : value(component, before);
      Object is = value(component, after);
      if (!Objects.equals(was, is)) {
        changed.add(component.getName());
      }
    }
    return changed;
  }

  private static Object value(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }
}
