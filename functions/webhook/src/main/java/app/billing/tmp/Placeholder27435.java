package app.billing.tmp; class Placeholder27435 {}
