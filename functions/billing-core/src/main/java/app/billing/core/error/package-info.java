/**
 * Typed request errors, each with its HTTP status: 400 validation, 401/403 auth, 404 unknown, 409
 * conflict, 429 rate, 502 upstream Stripe. Anything else reaching the HTTP layer is a bug (500).
 */
package app.billing.core.error;
