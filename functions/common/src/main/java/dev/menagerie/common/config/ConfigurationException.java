package dev.menagerie.common.config;

/** The environment does not describe a working configuration; raised at init, never per request. */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }
}
