// Independent verification of skillgraph badges, with libraries that share no code with the
// service: jose checks each VC-JWT's signature against the issuer's JWKS, Ajv validates the
// payload against the Open Badges 3.0 AchievementCredential schema (draft 2019-09) and the
// W3C VC 2.0 schema (draft 2020-12).
//
// Input (stdin, JSON): {"jwks": {...}, "jwts": ["..."], "vcJwts": ["..."], "schemaDir": "..."}
//   jwts   are badges: signature + OB 3.0 schema + VC 2.0 schema;
//   vcJwts are other credentials of the issuer (status lists): signature + VC 2.0 schema.
// Output (stdout): one JSON object per token, in input order, one per line.
// Exit status: 0 when every token passed, 1 when one failed, 2 on bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jose from 'jose';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const OB_SCHEMA = 'ob_v3p0_achievementcredential.schema.json';
const VC2_SCHEMA = 'vc2_verifiable-credential.schema.json';
const ALGORITHMS = ['EdDSA', 'RS256', 'ES256'];

function readStdin() {
  return readFileSync(0, 'utf8');
}

function compile(AjvClass, schemaPath) {
  const ajv = new AjvClass({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

function errorsOf(validate) {
  return (validate.errors || []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

async function verifyOne(token, keySet, validators) {
  const result = { signature: false, header: null, errors: [] };
  let payload;
  try {
    const verified = await jose.jwtVerify(token, keySet, { algorithms: ALGORITHMS, typ: 'JWT' });
    result.signature = true;
    result.header = verified.protectedHeader;
    payload = verified.payload;
  } catch (err) {
    result.errors.push(`signature: ${err.code || ''} ${err.message}`.trim());
    return result;
  }
  for (const [name, validate] of Object.entries(validators)) {
    result[name] = validate(payload);
    if (!result[name]) {
      result.errors.push(...errorsOf(validate).map((e) => `${name}: ${e}`));
    }
  }
  result.id = payload.id;
  return result;
}

async function main() {
  let input;
  try {
    input = JSON.parse(readStdin());
  } catch (err) {
    console.error(`input is not JSON: ${err.message}`);
    process.exit(2);
  }
  const { jwks, jwts = [], vcJwts = [], schemaDir } = input;
  if (!jwks || !Array.isArray(jwks.keys) || !schemaDir) {
    console.error('input needs jwks {keys: [...]} and schemaDir');
    process.exit(2);
  }
  const keySet = jose.createLocalJWKSet(jwks);
  const ob = compile(Ajv2019, join(schemaDir, OB_SCHEMA));
  const vc2 = compile(Ajv2020, join(schemaDir, VC2_SCHEMA));

  let allPassed = true;
  const run = async (tokens, kind, validators) => {
    for (let i = 0; i < tokens.length; i++) {
      const r = await verifyOne(tokens[i], keySet, validators);
      r.kind = kind;
      r.index = i;
      r.valid = r.signature && Object.keys(validators).every((name) => r[name] === true);
      allPassed = allPassed && r.valid;
      process.stdout.write(JSON.stringify(r) + '\n');
    }
  };
  await run(jwts, 'badge', { obSchema: ob, vc2Schema: vc2 });
  await run(vcJwts, 'credential', { vc2Schema: vc2 });
  process.exit(allPassed ? 0 : 1);
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(2);
});
