package app.billing.tmp; class Placeholder31730 {}
