/**
 * A local stand-in for API Gateway's HTTP API: serves the template's routes on loopback by turning
 * each request into a payload-v2 event for the real handler class.
 */
package dev.menagerie.local.api;
