/**
 * The reports side of Menagerie: the HTTP handler for evaluations, reports and the dashboard
 * ({@link dev.menagerie.reports.ReportsHandler}), the scheduled rollup ({@link
 * dev.menagerie.reports.RollupHandler}), and their configuration and wiring.
 */
package dev.menagerie.reports;
