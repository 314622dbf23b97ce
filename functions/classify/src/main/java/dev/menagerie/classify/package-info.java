/**
 * The classify function: an HTTP API (payload v2) request in, the production model's top labels
 * out, and a transaction written for every request, failed ones included.
 */
package dev.menagerie.classify;
