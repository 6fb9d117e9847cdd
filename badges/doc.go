// Package badges issues and verifies skillgraph's digital badges: Open Badges 3.0
// OpenBadgeCredentials signed as VC-JWT, the keys that sign them, the W3C Bitstring Status
// Lists that revoke them, and the page that shows them.
//
// # Badge format
//
// A badge is an OpenBadgeCredential (W3C Verifiable Credential 2.0) that validates against the
// OB 3.0 AchievementCredential JSON Schema:
//
//   - @context: ["https://www.w3.org/ns/credentials/v2",
//     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
//   - type: ["VerifiableCredential", "OpenBadgeCredential"]
//   - id: {baseURL}/credentials/{achievementId}, where the signed badge is served
//   - issuer: the awarding body's Profile, id {baseURL}/organizations/{orgId}, with name, url,
//     email and address.addressCountryCode when known
//   - validFrom (= awardedDate, the issue date) and validUntil when the achievement expires,
//     RFC 3339 in UTC to the second
//   - credentialSubject: id {baseURL}/learners/{learnerId}, type ["AchievementSubject"],
//     identifier (the learner's name in clear, the e-mail salted and SHA-256 hashed),
//     creditsEarned (ECTS), result and the achievement:
//   - achievement: id {baseURL}/achievements/{credentialOrBlockId}, type ["Achievement"],
//     achievementType (MicroCredential for a micro-credential, Certificate for a block,
//     Certification for a block of blocks), name, description, criteria.narrative (learning
//     outcomes and assessment, or a block's stacking rule), one alignment per certified
//     competency (targetUrl the competency's framework URI such as its ESCO URI, else its URL
//     here; targetFramework, targetCode, targetDescription with the level) plus one to the
//     EQF level (http://data.europa.eu/snb/eqf/{n}), creditsAvailable (ECTS), inLanguage, tag,
//     humanCode and otherIdentifier, and the extension object microCredential, which carries
//     the EU micro-credential elements in one place: learner, title, country, awarding body,
//     date of issue, learning outcomes, workload in hours, ECTS, EQF level, assessment types,
//     form of participation (ONSITE, REMOTE, BLENDED), quality assurance, language,
//     prerequisites, stackability, partial validation
//   - evidence: one per evidence item (a URL as its id, other text as its narrative)
//   - credentialStatus: a BitstringStatusListEntry, id {baseURL}/status/{listId}#{index},
//     statusPurpose "revocation", statusListIndex (a string), statusListCredential
//     {baseURL}/status/{listId}
//
// The OB 3.0 schema makes credentialStatus a single object, so a badge names its revocation
// list only. Suspension uses a sibling list at the same index, {baseURL}/status/{listId}-suspension
// (see SplitStatusListID); Verifier reads both bits through its StatusLookup.
//
// # Signature
//
// A badge is a compact JWS whose protected header is exactly {"alg", "kid", "typ": "JWT"} and
// whose payload is the credential plus the JWT claims iss (issuer id), sub (subject id), jti
// (credential id), nbf (validFrom), exp (validUntil, when set) and iat (signing time).
// Algorithms: EdDSA (Ed25519, the default), RS256 (RSA of 2048 bits or more; generated keys
// are 3072 bits) and ES256 (P-256). Nothing else is signed or accepted: not "none", not HS*.
//
// # Keys
//
// KeyStore keeps every key ever used, one of them active, in a JSON file of mode 0600,
// rewritten atomically (temporary file, fsync, rename, fsync of the folder) on each change:
//
//	{"version": 1, "active": "<kid>", "keys": [{"created": "<RFC 3339>", "jwk": {<private JWK
//	 with kty, kid, alg, use "sig" and the private members>}}]}
//
// A key's kid is its RFC 7638 SHA-256 thumbprint, base64url. Rotate adds a new active key;
// older keys stay, so badges they signed keep verifying. PublicJWKS is the set served at
// /.well-known/jwks.json.
//
// # Status lists
//
// StatusList is a W3C Bitstring Status List of at least 131,072 bits (index 0 the most
// significant bit of the first byte), encoded as the spec's encodedList: GZIP, base64url
// without padding, multibase prefix "u". Issuer.IssueStatusList signs it as a
// BitstringStatusListCredential (VC 2.0; credentialSubject {id {url}#list, type
// BitstringStatusList, statusPurpose, encodedList}) with the same keys; the service itself
// ({baseURL}) is its issuer. Verifier.VerifyStatusList checks and decodes one.
//
// # Verification
//
// Verifier.Verify runs the checks format, signature, schema, claims, validity and status in
// that order and reports each; the first three gate the rest. tools/badge-verify verifies
// badges independently with jose and Ajv against the published JSON Schemas.
package badges
