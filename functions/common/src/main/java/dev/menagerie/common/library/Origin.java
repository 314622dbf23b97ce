package dev.menagerie.common.library;

import java.util.Locale;

/**
 * Where a labelled image came from, by the library's folder convention: {@code
 * library/<label>/<file>} is REAL, {@code library/<label>/staged/...} STAGED (posed, a zoo, a toy),
 * {@code library/<label>/synthetic/...} SYNTHETIC (generated). Any other subfolder is REAL.
 */
public enum Origin {
  REAL,
  STAGED,
  SYNTHETIC;

  /** The subfolder right under the label folder for this origin; empty for REAL. */
  public String folder() {
    return this == REAL ? "" : name().toLowerCase(Locale.ROOT);
  }

  /** The origin of an image in {@code subfolder} (the folder right under its label folder). */
  public static Origin ofFolder(String subfolder) {
    return switch (subfolder) {
      case "staged" -> STAGED;
      case "synthetic" -> SYNTHETIC;
      default -> REAL;
    };
  }
}
