package app.billing.core.catalog;

import java.util.List;

public final class InvalidCatalogException extends Exception {
  private final List<String> problems;

  public InvalidCatalogException(List<String> problems) {
    super("Invalid plan catalog: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
