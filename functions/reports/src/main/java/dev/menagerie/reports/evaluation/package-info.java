/**
 * Manual evaluations: one verdict per (transaction, evaluator), recorded singly or from a CSV
 * session, and the stratified sample of transactions still to evaluate.
 */
package dev.menagerie.reports.evaluation;
