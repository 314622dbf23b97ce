/**
 * Daily rollups: a day's transactions and evaluations folded into mergeable per-model aggregates
 * (counts, a latency histogram, evaluation tallies), stored so reports never re-read a past day.
 */
package dev.menagerie.reports.rollup;
