// Runs the GraphQL over HTTP conformance audits of graphql-http against a running endpoint.
//
//   node audit.mjs http://127.0.0.1:8080/graphql
//
// Prints one JSON document on stdout: {url, counts, audits: [{id, name, level, status, reason}]}.
// Exits 1 when any MUST audit failed, 2 on bad usage or when the audits could not run at all.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error('usage: node audit.mjs http://HOST:PORT/graphql');
  process.exit(2);
}

// Audits run one at a time: their order and timing stay predictable on a loaded machine.
const audits = [];
for (const { id, name, fn } of serverAudits({ url, fetchFn: fetch })) {
  const level = name.split(' ', 1)[0]; // MUST, SHOULD or MAY
  try {
    const result = await fn();
    const entry = { id, name, level, status: result.status };
    if (result.status !== 'ok') {
      entry.reason = result.reason;
      entry.httpStatus = result.response?.status;
    }
    audits.push(entry);
  } catch (err) {
    // graphql-http throws only when an audit cannot run (server down, fetch failure): that
    // is a failure whatever the audit's level.
    audits.push({ id, name, level, status: 'error', reason: `audit could not run: ${err?.message ?? err}` });
  }
}

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const a of audits) counts[a.status] = (counts[a.status] ?? 0) + 1;
console.log(JSON.stringify({ url, counts, audits }, null, 2));
process.exit(counts.error > 0 ? 1 : 0);
