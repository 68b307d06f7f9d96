'use strict';
// Prepares one delivery for a cold-start run (hyperfine --prepare): copies a Stripe event with a fresh
// event id (so every run is a new event, not a duplicate) and signs it now, exactly as Stripe does:
// Stripe-Signature = "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>".
//
//   node sign.js <event template> <body out> <signature out> <webhook secret>
// Uses node:crypto only, so it adds no library start-up to the measured commands' neighbourhood.
const { readFileSync, writeFileSync } = require('node:fs');
const { createHmac, randomBytes } = require('node:crypto');

const [template, bodyOut, signatureOut, secret] = process.argv.slice(2);
const original = readFileSync(template, 'utf8');
// Same length as the original id, so the body keeps its size.
const payload = original.replace(/"id": "evt_([A-Za-z0-9]+)"/, (match, rest) =>
  `"id": "evt_${randomBytes(rest.length).toString('base64url').replace(/[-_]/g, 'x').slice(0, rest.length)}"`);
if (payload === original) throw new Error(`no top-level "id": "evt_..." in ${template}`);
const t = Math.floor(Date.now() / 1000);
const v1 = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');
writeFileSync(bodyOut, payload);
writeFileSync(signatureOut, `t=${t},v1=${v1}\n`);
