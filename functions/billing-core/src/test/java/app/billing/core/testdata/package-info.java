/**
 * Test-data builders for the domain records ({@code app.billing.core.model}): name the fields a
 * test cares about instead of passing up to 18 positional arguments. Shared with other modules'
 * tests through billing-core's test-jar.
 */
package app.billing.core.testdata;
