package dev.menagerie.training.data;

import java.nio.file.Path;

/**
 * One image of a library or channel: its key ({@code <label>/<path inside the label folder>}, the
 * same key the manifest uses), label, file, origin and flags.
 */
public record LabelledImage(
    String key, String label, Path file, Origin origin, boolean smallSubject) {

  /** Where an image came from, told by the subfolder right under its label folder. */
  public enum Origin {
    REAL,
    STAGED,
    SYNTHETIC;

    /** The subfolder name for this origin ({@code staged}, {@code synthetic}); none for REAL. */
    public String folder() {
      return this == REAL ? "" : name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
