package app.billing.tmp; class Placeholder8475 {}
