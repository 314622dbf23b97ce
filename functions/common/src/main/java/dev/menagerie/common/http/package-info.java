/** What every HTTP API handler shares: JSON replies, the error shape, the authenticated caller. */
package dev.menagerie.common.http;
