package dev.menagerie.common.library;

/**
 * Where a labelled image came from, by the library's folder convention: {@code
 * library/<label>/<file>} is REAL, {@code library/<label>/staged/...} STAGED (posed, a zoo, a toy),
 * {@code library/<label>/synthetic/...} SYNTHETIC (generated).
 */
public enum Origin {
  REAL,
  STAGED,
  SYNTHETIC
}
