'use strict';
// hyperfine --prepare for the checkout cold starts: writes the next unused bench tenant id (seeded by
// app.billing.bench.Engines, none with a Stripe customer yet), so every run creates a customer + session.
//   node next-tenant.js <counter file> <tenant id out> <how many tenants were seeded>
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const [counterFile, tenantOut, seeded] = process.argv.slice(2);
const next = existsSync(counterFile) ? Number(readFileSync(counterFile, 'utf8')) + 1 : 0;
if (next >= Number(seeded)) throw new Error(`all ${seeded} bench tenants are used; seed more (Engines)`);
writeFileSync(counterFile, String(next));
writeFileSync(tenantOut, `usr_bench_${String(next).padStart(4, '0')}\n`);
