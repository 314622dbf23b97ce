/**
 * The local stand-ins for AWS: dynalite (DynamoDB, a Node process) and S3Mock (S3, embedded), with
 * the tables and bucket template.yaml declares, and the environment each function would get.
 */
package dev.menagerie.local.cloud;
