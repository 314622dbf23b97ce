/**
 * The {@code ./menagerie} command line, on picocli: {@link dev.menagerie.local.cli.Main} runs it,
 * {@link dev.menagerie.local.cli.Menagerie} holds the global options and the commands, each a
 * {@link dev.menagerie.local.cli.CliCommand}. The commands reach the HTTP API through {@link
 * dev.menagerie.local.cli.ApiClient} and the local cloud or a deployed stack through the {@link
 * dev.menagerie.local.cli.Target} the command line chose; {@code up} and {@code demo} run the
 * {@link dev.menagerie.local.cli.LocalSystem}.
 */
package dev.menagerie.local.cli;
