'use strict';
// Node.js twin of functions/checkout (CheckoutHandler, POST /billing/checkout) doing the same calls with
// AWS's and Stripe's own Node libraries, against the same DynamoDB table and Stripe stand-in:
//   1. count the request in the tenant's 10 s rate window  (DynamoDB UpdateItem ADD, RETURN UPDATED_NEW)
//   2. read the tenant profile                             (GetItem, consistent)
//   3. refuse a second subscription                        (GetItem of the subscription record)
//   4. create the Stripe customer                          (POST /v1/customers, idempotency key)
//   5. attach it to the tenant first-writer-wins           (UpdateItem if_not_exists, RETURN ALL_NEW)
//   6. link customer -> tenant                             (PutItem attribute_not_exists)
//   7. create the Checkout session                         (POST /v1/checkout/sessions, idempotency key)
// Plan and price come from the same catalog.json the Java functions bundle, parsed at init.
//
// As a cold start: `node checkout.js <tenant id file> <body file>` serves ONE request, exits 0 iff 201.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const Stripe = require('stripe');
const { DynamoDBClient, UpdateItemCommand, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const env = process.env;
for (const name of ['BILLING_TABLE', 'STRIPE_SECRET_KEY', 'CHECKOUT_SUCCESS_URL', 'CHECKOUT_CANCEL_URL']) {
  if (!env[name]) throw new Error(`${name} is required`);
}
const table = env.BILLING_TABLE;
const catalog = JSON.parse(readFileSync(path.join(__dirname, '../../functions/billing-core/src/main/resources/catalog.json'), 'utf8'));
const apiBase = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
  maxNetworkRetries: 2,
  timeout: 10000,
  ...(apiBase ? { host: apiBase.hostname, port: Number(apiBase.port), protocol: apiBase.protocol.replace(':', '') } : {}),
});
const dynamo = new DynamoDBClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB || undefined });
const RATE_LIMIT = 5;

const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const error = (statusCode, code, message) => json(statusCode, { error: { code, message } });
const hash = (...parts) => crypto.createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);

async function handler(event) {
  if (event?.requestContext?.http?.method !== 'POST') return error(405, 'method_not_allowed', 'Only POST.');
  const tenantId = event.requestContext?.authorizer?.lambda?.tenantId;
  if (!tenantId) return error(401, 'unauthorized', 'No tenant in the request context.');
  let request;
  try {
    request = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body);
  } catch (e) {
    return error(400, 'invalid_json', 'The body is not valid JSON.');
  }
  const entry = catalog.entries.find((e) => e.key === request.plan);
  if (!entry) return error(400, 'validation_failed', `Unknown plan '${request.plan}'.`);
  const cycle = entry.mode === 'subscription' ? (request.billing_cycle || 'monthly') : 'one_time';
  const price = entry.prices[cycle];
  if (!price) return error(400, 'validation_failed', `'${entry.key}' is not sold ${cycle}.`);
  const quantity = request.quantity || 1;
  const successUrl = `${env.CHECKOUT_SUCCESS_URL}?session_id={CHECKOUT_SESSION_ID}`;
  const cancelUrl = env.CHECKOUT_CANCEL_URL;

  const now = Math.floor(Date.now() / 1000);
  const window = Math.floor(now / 10);
  const counted = await dynamo.send(new UpdateItemCommand({
    TableName: table,
    Key: { pk: { S: `RATE#${tenantId}#checkout#${window}` }, sk: { S: 'COUNT' } },
    UpdateExpression: 'SET #type = :type, #expiresAt = :expiresAt ADD #count :one',
    ExpressionAttributeNames: { '#type': 'type', '#expiresAt': 'expiresAt', '#count': 'count' },
    ExpressionAttributeValues: { ':type': { S: 'RATE_WINDOW' }, ':expiresAt': { N: String((window + 1) * 10 + 60) }, ':one': { N: '1' } },
    ReturnValues: 'UPDATED_NEW',
  }));
  if (Number(counted.Attributes.count.N) > RATE_LIMIT) return error(429, 'rate_limited', 'Too many checkouts.');

  const profile = (await dynamo.send(new GetItemCommand({
    TableName: table, Key: { pk: { S: `TENANT#${tenantId}` }, sk: { S: 'PROFILE' } }, ConsistentRead: true,
  }))).Item;
  if (!profile) return error(404, 'tenant_not_found', 'No tenant profile exists for this API key\'s tenant.');
  if (entry.mode === 'subscription') {
    const current = (await dynamo.send(new GetItemCommand({
      TableName: table, Key: { pk: { S: `TENANT#${tenantId}` }, sk: { S: 'SUBSCRIPTION' } }, ConsistentRead: true,
    }))).Item;
    if (current && ['active', 'trialing', 'past_due'].includes(current.status?.S)) {
      return error(409, 'already_subscribed', 'This tenant already has a subscription.');
    }
  }

  let customerId = profile.stripeCustomerId?.S;
  if (!customerId) {
    const created = await stripe.customers.create({
      name: profile.name?.S, email: profile.billingEmail?.S, metadata: { tenantId },
    }, { idempotencyKey: `customer:${tenantId}` });
    const attached = await dynamo.send(new UpdateItemCommand({
      TableName: table,
      Key: { pk: { S: `TENANT#${tenantId}` }, sk: { S: 'PROFILE' } },
      UpdateExpression: 'SET #c = if_not_exists(#c, :c)',
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: { '#c': 'stripeCustomerId', '#pk': 'pk' },
      ExpressionAttributeValues: { ':c': { S: created.id } },
      ReturnValues: 'ALL_NEW',
    }));
    customerId = attached.Attributes.stripeCustomerId.S;
  }
  try {
    await dynamo.send(new PutItemCommand({
      TableName: table,
      Item: {
        pk: { S: `CUSTOMER#${customerId}` }, sk: { S: 'TENANT' }, type: { S: 'CUSTOMER_LINK' },
        customerId: { S: customerId }, tenantId: { S: tenantId }, linkedAt: { S: new Date().toISOString() },
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': 'pk' },
    }));
  } catch (e) {
    if (e.name !== 'ConditionalCheckFailedException') throw e;
  }

  const session = await stripe.checkout.sessions.create({
    customer: customerId,
    client_reference_id: tenantId,
    metadata: { tenantId, catalog_key: entry.key },
    line_items: [{ price: price.price_id, quantity }],
    allow_promotion_codes: true,
    automatic_tax: { enabled: false },
    billing_address_collection: 'required',
    customer_update: { name: 'auto', address: 'auto' },
    success_url: successUrl,
    cancel_url: cancelUrl,
    mode: entry.mode === 'subscription' ? 'subscription' : 'payment',
    ...(entry.mode === 'subscription'
      ? { subscription_data: { metadata: { tenantId }, ...(entry.trial_days > 0 ? { trial_period_days: entry.trial_days } : {}) } }
      : { payment_intent_data: { capture_method: entry.capture_method === 'manual' ? 'manual' : 'automatic', metadata: { tenantId } } }),
  }, { idempotencyKey: `checkout:${hash(tenantId, entry.key, cycle, quantity, window, customerId, successUrl, cancelUrl)}` });
  console.log(JSON.stringify({ level: 'INFO', message: `checkout session ${session.id} for tenant ${tenantId}` }));
  return json(201, { checkout_url: session.url, session_id: session.id });
}

module.exports = { handler };

if (require.main === module) {
  const [tenantFile, bodyFile] = process.argv.slice(2);
  const request = {
    version: '2.0',
    routeKey: 'POST /billing/checkout',
    rawPath: '/billing/checkout',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: readFileSync(bodyFile, 'utf8'),
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path: '/billing/checkout' },
      authorizer: { lambda: { tenantId: readFileSync(tenantFile, 'utf8').trim() } },
    },
  };
  handler(request).then((response) => {
    console.log(`STATUS ${response.statusCode} BODY ${response.body}`);
    process.exit(response.statusCode === 201 ? 0 : 1);
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
}
