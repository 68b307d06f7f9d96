/** API Gateway HTTP API (payload 2.0) plumbing for the API functions. */
package app.billing.http;
