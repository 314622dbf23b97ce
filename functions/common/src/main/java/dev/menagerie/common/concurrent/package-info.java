/** Small pieces the functions and the CLI share for their thread pools. */
package dev.menagerie.common.concurrent;
