/**
 * The usage, accuracy and models reports, computed from rollups (past days) and live aggregates
 * (today), with the cost model behind the usage report's estimate.
 */
package dev.menagerie.reports.report;
