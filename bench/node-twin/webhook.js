'use strict';
// Node.js twin of functions/webhook (WebhookHandler): the same work with Stripe's and AWS's own Node
// libraries. Verifies the Stripe-Signature of the raw body with stripe.webhooks.constructEvent (any of
// the comma-separated STRIPE_WEBHOOK_SECRETS, 300 s tolerance), acknowledges unhandled types, and
// sends handled ones to the FIFO queue EVENT_QUEUE_URL (group = customer, dedup id = event id,
// eventType/eventId attributes), answering only after SQS accepted the message.
//
// As a cold start: `node webhook.js <body file> <signature file>` builds the clients (module scope =
// Lambda's init phase), serves ONE API Gateway v2 request and exits 0 iff it answered 200, enqueued.
const Stripe = require('stripe');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

const HANDLED = new Set([
  'checkout.session.completed', 'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed', 'customer.subscription.created',
  'customer.subscription.updated', 'customer.subscription.deleted', 'customer.subscription.paused',
  'customer.subscription.resumed', 'customer.subscription.trial_will_end', 'invoice.paid',
  'invoice.payment_failed', 'invoice.payment_action_required', 'customer.updated', 'customer.deleted',
  'entitlements.active_entitlement_summary.updated',
]);
const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 262144;

const secrets = (process.env.STRIPE_WEBHOOK_SECRETS || '').split(',').map((s) => s.trim()).filter(Boolean);
const queueUrl = process.env.EVENT_QUEUE_URL;
if (secrets.length === 0 || !queueUrl) {
  throw new Error('STRIPE_WEBHOOK_SECRETS and EVENT_QUEUE_URL are required');
}
// Webhook verification needs no API key; the client is built once, as in the Java function.
const stripe = new Stripe('sk_test_unused_by_webhooks');
const sqs = new SQSClient({
  region: process.env.AWS_REGION,
  endpoint: process.env.AWS_ENDPOINT_URL_SQS || undefined,
  requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 },
});

const json = (statusCode, body) => ({
  statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), isBase64Encoded: false,
});

function header(headers, name) {
  if (!headers) return undefined;
  if (headers[name] !== undefined) return headers[name];
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

async function handler(event) {
  if (event?.requestContext?.http?.method !== 'POST') return json(405, { error: 'method_not_allowed' });
  const raw = event.isBase64Encoded ? Buffer.from(event.body || '', 'base64') : Buffer.from(event.body || '', 'utf8');
  if (raw.length > MAX_BODY_BYTES) return json(413, { error: 'payload_too_large' });
  if (raw.length === 0) return json(400, { error: 'empty_body' });
  const signature = header(event.headers, 'stripe-signature');
  if (!signature) return json(400, { error: 'missing_signature' });

  let stripeEvent;
  for (const secret of secrets) {
    try {
      stripeEvent = stripe.webhooks.constructEvent(raw, signature, secret, TOLERANCE_SECONDS);
      break;
    } catch (e) {
      // try the next secret
    }
  }
  if (!stripeEvent) return json(400, { error: 'invalid_signature' });
  if (!HANDLED.has(stripeEvent.type)) return json(200, { received: true, enqueued: false });

  const object = stripeEvent.data.object;
  const customer = object.object === 'customer' ? object.id
    : typeof object.customer === 'string' ? object.customer : object.customer?.id;
  try {
    await sqs.send(new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: raw.toString('utf8'),
      MessageGroupId: customer || object.id || stripeEvent.id,
      MessageDeduplicationId: stripeEvent.id,
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: stripeEvent.type },
        eventId: { DataType: 'String', StringValue: stripeEvent.id },
      },
    }));
  } catch (e) {
    console.error('Could not enqueue Stripe event', e);
    return json(500, { error: 'queue_unavailable' });
  }
  console.log(JSON.stringify({ level: 'INFO', message: 'Stripe event enqueued', eventId: stripeEvent.id, eventType: stripeEvent.type }));
  return json(200, { received: true, enqueued: true });
}

module.exports = { handler };

if (require.main === module) {
  const { readFileSync } = require('node:fs');
  const [bodyFile, signatureFile] = process.argv.slice(2);
  const request = {
    version: '2.0',
    routeKey: 'POST /webhooks/stripe',
    rawPath: '/webhooks/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': readFileSync(signatureFile, 'utf8').trim() },
    body: readFileSync(bodyFile, 'utf8'),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/webhooks/stripe' } },
  };
  handler(request).then((response) => {
    console.log(`STATUS ${response.statusCode} BODY ${response.body}`);
    // Lambda would freeze the process here; exiting stands for that (keep-alive sockets stay open).
    process.exit(response.statusCode === 200 && response.body.includes('"enqueued":true') ? 0 : 1);
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
}
