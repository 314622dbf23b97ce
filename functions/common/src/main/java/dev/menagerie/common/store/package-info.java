/**
 * Persistence behind small interfaces: transactions (one per classify request), the model registry
 * with its production alias, and model files in S3. DynamoDB implementations keep their item
 * mapping in separate mapper classes; table and bucket names are always injected.
 */
package dev.menagerie.common.store;
