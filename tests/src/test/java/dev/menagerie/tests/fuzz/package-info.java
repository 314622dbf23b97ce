/**
 * Jazzer fuzz tests of the parsers that read what callers send: the image decoder, the classify
 * request parser, and the filter and report query parameters. By default they run in regression
 * mode over the inputs under {@code src/test/resources/.../<Test>Inputs/<method>/} (the seeds and
 * every finding kept as a regression case); with {@code JAZZER_FUZZ=1} one of them fuzzes for real
 * (see {@code tests/fuzz.sh}).
 */
package dev.menagerie.tests.fuzz;
