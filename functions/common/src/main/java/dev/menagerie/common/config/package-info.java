/**
 * Typed configuration read once from the environment at init, and the AWS clients built from it.
 */
package dev.menagerie.common.config;
