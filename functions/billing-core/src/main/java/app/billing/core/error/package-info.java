/**
 * Typed request errors: validation, authentication, permission, unknown resource, conflict, rate
 * limit, upstream Stripe. Their HTTP statuses are given in one place, {@code
 * app.billing.http.ApiErrors}; anything else reaching the HTTP layer is a bug (500).
 */
package app.billing.core.error;
