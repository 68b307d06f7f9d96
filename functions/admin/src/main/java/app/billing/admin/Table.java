package app.billing.admin;

import java.io.PrintStream;
import java.util.List;

/** Left-aligned columns, two spaces apart, for the commands' listings. */
public final class Table {
  private Table() {}

  public static void print(List<String[]> rows, PrintStream out) {
    int[] widths = new int[rows.getFirst().length];
    rows.forEach(
        row -> {
          for (int c = 0; c < row.length; c++) {
            widths[c] = Math.max(widths[c], row[c].length());
          }
        });
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(c == row.length - 1 ? row[c] : String.format("%-" + widths[c] + "s  ", row[c]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
