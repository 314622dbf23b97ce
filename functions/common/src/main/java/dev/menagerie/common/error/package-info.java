/** Error codes and the exception that carries them; handlers map codes to statuses. */
package dev.menagerie.common.error;
