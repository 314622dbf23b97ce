/**
 * Reads template.yaml, the one description of the stack, so the local cloud creates the same
 * tables, bucket and routes as a deployment, with the same handler classes and environment.
 */
package dev.menagerie.local.template;
