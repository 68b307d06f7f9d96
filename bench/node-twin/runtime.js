'use strict';
// A minimal Lambda runtime loop for the Node twins, the counterpart of AWS's Java runtime interface
// client in the cold-start runs (RicColdStart): loads the handler module (Lambda's init phase), then
// asks the Runtime API at AWS_LAMBDA_RUNTIME_API for events and posts each result, as Lambda's Node.js
// runtime does. node:http only, so the loop adds no library start-up of its own.
//
//   AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001 node runtime.js <handler module>
const http = require('node:http');
const path = require('node:path');

const [host, port] = (process.env.AWS_LAMBDA_RUNTIME_API || '').split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, route, body) {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host, port, method, agent, path: `/2018-06-01/runtime/${route}`,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const error = (e) => JSON.stringify({ errorType: e?.name || 'Error', errorMessage: String(e?.message || e) });

async function main() {
  let handler;
  try {
    handler = require(path.resolve(process.argv[2])).handler;
    if (typeof handler !== 'function') throw new Error(`${process.argv[2]} exports no handler`);
  } catch (e) {
    await call('POST', 'init/error', error(e));
    process.exit(1);
  }
  for (;;) {
    const next = await call('GET', 'invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    try {
      const result = await handler(JSON.parse(next.body), { awsRequestId: id });
      await call('POST', `invocation/${id}/response`, JSON.stringify(result));
    } catch (e) {
      await call('POST', `invocation/${id}/error`, error(e));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
