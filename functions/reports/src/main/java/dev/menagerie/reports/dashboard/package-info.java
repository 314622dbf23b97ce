/** The manager's dashboard: one self-contained HTML page with inline SVG charts. */
package dev.menagerie.reports.dashboard;
