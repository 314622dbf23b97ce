package dev.menagerie.common.library;

import java.util.Objects;

/**
 * One image of the library: its key relative to the library root ({@code <label>/<path inside the
 * label folder>}, the key {@code _meta/images.jsonl} uses; locally also its path under the root),
 * its label and origin from the folders, and its flags from the manifest.
 */
public record LabelledImage(String key, String label, Origin origin, ImageFlags flags) {
  public LabelledImage {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(flags, "flags");
  }

  public boolean smallSubject() {
    return flags.smallSubject();
  }
}
