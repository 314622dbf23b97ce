/** The {@code ./menagerie} command line. */
package dev.menagerie.local.cli;
