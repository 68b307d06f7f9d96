package app.billing.tmp; class Placeholder22939 {}
