// End-to-end tests of the web app in Debian's Chromium, against a running skillgraph serve with
// the demo: each seat's main journey clicking as a person would, axe-core on every screen (no
// serious or critical violation), 1280 and 390 px wide, and no request leaving 127.0.0.1.
// Usage: node e2e/run.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node e2e/run.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'skillgraph-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1280, height: 900 },
  locale: 'en-GB',
  acceptDownloads: true,
  // Dialogs open without a fade, so axe measures their final colours.
  reducedMotion: 'reduce',
});

// Every request the browser makes, to prove the app works offline.
const requests = [];
context.on('request', (r) => requests.push(r.url()));
const failures = [];
const page = context.pages()[0] ?? (await context.newPage());
page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error') failures.push(`console error: ${m.text()}`);
});

const axeResults = [];
async function axe(name) {
  const res = await new AxeBuilder({ page }).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeResults.push({ name, serious: bad.length });
  for (const v of bad) {
    failures.push(`axe ${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }
}

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

/** Waits for the next GraphQL answer whose request contains `op`, while `action` runs. */
async function graphql(op, action) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes(op)),
    action(),
  ]);
  assert.equal(res.status(), 200, `${op}: HTTP ${res.status()}`);
  const body = await res.json();
  assert.ok(!body.errors, `${op}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function signInAs(role) {
  await page.goto(base + '/');
  const signOut = page.getByRole('button', { name: /Sign out|Se déconnecter/ });
  if (await signOut.isVisible()) await signOut.click();
  await page.locator(`button[data-role="${role}"]`).click();
  await page.getByTestId('whoami').waitFor();
}

async function noHorizontalScroll(name) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  if (scroll > width + 1) failures.push(`${name}: the page scrolls sideways at ${width} px (${scroll} px wide)`);
}

async function step(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures.push(`${name}: ${e.message.split('\n')[0]}`);
    console.log(`FAIL ${name}`);
    await page.screenshot({ path: join(tmpdir(), `skillgraph-e2e-fail-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  }
}

await step('sign-in page, demo identities', async () => {
  await page.goto(base + '/');
  await page.getByRole('heading', { name: 'Sign in to skillgraph' }).waitFor();
  assert.equal(await page.locator('button[data-role]').count(), 5);
  await axe('sign-in');
  await shot('sign-in');
});

await step('keyboard: skip link, then a demo identity', async () => {
  await page.goto(base + '/');
  await page.getByRole('heading', { name: 'Sign in to skillgraph' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  // Tab on until the advisor's identity has the focus, then press Enter.
  let found = false;
  for (let i = 0; i < 20 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.getAttribute('data-role') === 'advisor');
  }
  assert.ok(found, 'the advisor identity is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.getByTestId('my-learners').waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
});

await step('advisor: my learners, a learner, gap, pathway', async () => {
  await signInAs('advisor');
  await page.getByTestId('my-learners').waitFor();
  await axe('advisor-learners');
  const first = page.getByTestId('my-learners').getByRole('link').first();
  await Promise.all([page.waitForURL(/\/advisor\/learners\//), first.click()]);
  await page.getByTestId('gap-row').first().waitFor();
  await page.getByTestId('pathway').first().waitFor();
  await page.getByTestId('role-fit').waitFor();
  await page.getByTestId('block-progress').waitFor();
  assert.ok((await page.getByTestId('step').count()) > 0, 'the pathway has steps');
  assert.ok((await page.getByTestId('explanation').first().textContent()).length > 20, 'a step has its explanation');
  await axe('advisor-learner');
  await shot('advisor');
});

await step('advisor: what-if recomputes live and the link keeps it', async () => {
  await graphql('query Pathways', () => page.locator('label', { hasText: 'Cheapest' }).click());
  assert.match(page.url(), /obj=COST/);
  await graphql('query Pathways', async () => {
    await page.getByLabel('Budget (EUR)').fill('900');
    await page.getByLabel('Budget (EUR)').blur();
  });
  assert.match(page.url(), /budget=900/);
  await page.getByTestId('optimality').waitFor();
  // The graph picture of the first option.
  await page.getByRole('tab', { name: 'Credentials → competencies → role' }).first().click();
  await page.locator('svg[aria-labelledby="pg-0"]').waitFor();
  await shot('advisor-graph');
  const shared = page.url();
  await page.goto(shared);
  await page.getByTestId('optimality').waitFor();
  assert.equal(await page.getByLabel('Budget (EUR)').inputValue(), '900');
  assert.ok(await page.getByRole('radio', { name: 'Cheapest' }).isChecked(), 'the shared link keeps the objective');
  // The print stylesheet hides the controls.
  await page.emulateMedia({ media: 'print' });
  assert.ok(!(await page.locator('.whatif').isVisible()), 'what-if controls are not printed');
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Learner’s own constraints' }).click();
  // How long a what-if recompute takes, click to answer (a figure for the README, not a check).
  const times = [];
  for (const obj of ['Fewest steps', 'Soonest', 'Cheapest', 'Fewest hours', 'Fewest steps']) {
    const t0 = Date.now();
    await graphql('query Pathways', () => page.locator('label', { hasText: obj }).click());
    await page.getByTestId('optimality').waitFor();
    times.push(Date.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`what-if recompute, click to answer: median ${times[2]} ms, max ${times[4]} ms`);
});

await step('language switcher: the pathway and its explanations in French', async () => {
  const english = await page.getByTestId('explanation').first().textContent();
  const data = await graphql('query Pathways', () => page.locator('label', { hasText: /^FR$/ }).click());
  await page.getByRole('heading', { name: 'Écart au métier' }).waitFor();
  const first = data.recommendPathways.pathways[0].steps[0].explanation;
  assert.match(first, /couvre|débloque|achève|permet/, `a French explanation from the engine: ${first}`);
  await page.getByTestId('explanation').filter({ hasText: first }).first().waitFor();
  const french = await page.getByTestId('explanation').first().textContent();
  assert.notEqual(french, english, 'the explanation changes with the language');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(page.url(), /hl=fr/);
  await axe('advisor-learner-fr');
  await shot('advisor-fr');
  await page.getByTestId('explanation').first().evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await shot('advisor-fr-pathway');
  await page.locator('label', { hasText: /^EN$/ }).click();
  await page.getByRole('heading', { name: 'Gap to the role' }).waitFor();
});

await step('learner: badges, visibility, downloads, pathway', async () => {
  await signInAs('learner');
  await page.getByTestId('badge').first().waitFor();
  const badge = page.getByTestId('badge').first();
  await badge.getByTestId('badge-image').waitFor();
  assert.ok(await badge.getByTestId('badge-image').evaluate((i) => i.complete && i.naturalWidth > 0), 'the badge image loads');
  const href = await badge.getByTestId('linkedin').getAttribute('href');
  const add = new URL(href);
  assert.equal(add.origin + add.pathname, 'https://www.linkedin.com/profile/add');
  assert.equal(add.searchParams.get('startTask'), 'CERTIFICATION_NAME');
  assert.equal(add.searchParams.get('certId'), await badge.getAttribute('data-key'));
  await graphql('mutation SetVisibility', async () => {
    await badge.getByLabel('Visibility').click();
    await page.getByRole('option', { name: 'public' }).click();
  });
  await badge.getByRole('status').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), badge.getByRole('button', { name: 'Download (JSON)' }).click()]);
  const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.ok(JSON.stringify(json).includes('OpenBadgeCredential'), 'the JSON download is the credential');
  const [jwt] = await Promise.all([page.waitForEvent('download'), badge.getByRole('button', { name: 'Download (JWT)' }).click()]);
  assert.equal(readFileSync(await jwt.path(), 'utf8').split('.').length, 3);
  await page.getByTestId('pathway').first().waitFor();
  await axe('learner');
  await shot('learner');
});

await step('employer: requirements, candidates, coverage matrix', async () => {
  await signInAs('employer');
  await page.getByTestId('requirement').first().waitFor();
  await page.getByTestId('candidate').first().waitFor();
  await page.getByTestId('matrix-row').first().waitFor();
  const row = page.getByTestId('requirement').first();
  const level = row.getByRole('textbox', { name: /^Level:/ });
  const before = Number(await level.inputValue());
  await level.fill(String(before === 5 ? 4 : before + 1));
  await graphql('query CoverageMatrix', () => graphql('mutation Link', () => row.getByRole('button', { name: 'Save' }).click()));
  await axe('employer');
  await shot('employer');
});

await step('employer: a role from an ESCO occupation, then its coverage matrix', async () => {
  await page.getByLabel('Search an occupation').fill('data analyst');
  const create = page.getByTestId('occupations').getByRole('button', { name: 'Create from: Data analyst' });
  await create.waitFor();
  const data = await graphql('mutation CreateRoleFromOccupation', () => create.click());
  const created = data.createJobRoleFromOccupation;
  assert.ok(created.requirements.totalCount > 0, 'the new role copies the occupation’s requirements');
  await page.waitForURL((u) => u.searchParams.get('role') === created.key);
  await page.getByRole('heading', { name: `Requirements — Data analyst (${created.requirements.totalCount})` }).waitFor();
  assert.equal(await page.getByTestId('requirement').count(), created.requirements.totalCount);
  const matrix = page.getByTestId('coverage-matrix');
  await page.getByRole('heading', { name: 'Coverage matrix — Data analyst' }).waitFor();
  await page.getByTestId('matrix-row').first().waitFor();
  assert.equal(await page.getByTestId('matrix-row').count(), created.requirements.totalCount, 'a row per requirement');
  assert.ok((await matrix.locator('caption').textContent()).length > 20, 'the matrix has a caption');
  assert.ok((await matrix.locator('th[scope="col"].in-cheapest').count()) > 0, 'the cheapest set is marked');
  assert.match(await page.getByTestId('cheapest-price').textContent(), /€/);
  assert.match(await page.getByTestId('cheapest-hours').textContent(), /\d h/);
  await axe('employer-matrix');
  await page.getByRole('heading', { name: 'Coverage matrix — Data analyst' }).evaluate((h) => h.scrollIntoView());
  await shot('employer-matrix');
});

await step('issuer: create a credential, award a badge, suspend it', async () => {
  await signInAs('issuer');
  await page.getByTestId('credentials').locator('tbody tr').first().waitFor();
  await page.getByRole('button', { name: 'New credential' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Title').fill('Tableur : tableaux croisés dynamiques');
  await axe('issuer-new-credential');
  await graphql('mutation CreateCredential', () => dialog.getByRole('button', { name: 'Create' }).click());
  await page.getByTestId('credentials').getByText('Tableur : tableaux croisés dynamiques').waitFor();
  const award = page.locator('section', { has: page.getByRole('heading', { name: 'Award a badge' }) });
  await award.getByLabel('Learner (id or key)').fill('learner-lea-dubois');
  await award.getByLabel('Credential').click();
  await page.getByRole('option', { name: 'Tableur : tableaux croisés dynamiques' }).click();
  await award.getByLabel('Result').fill('Projet 16/20');
  await award.getByLabel('Evidence (one URL a line)').fill('https://example.org/projets/lea-tcd');
  const data = await graphql('mutation IssueBadge', () => award.getByRole('button', { name: 'Award' }).click());
  const key = data.issueBadge.key;
  assert.equal(data.issueBadge.result, 'Projet 16/20');
  await page.getByTestId('awarded-key').filter({ hasText: key }).waitFor();
  // The list of issued badges reads the badge back, with its image.
  const issuedRow = page.getByTestId('issued-badge').filter({ hasText: key });
  await issuedRow.getByTestId('status').filter({ hasText: 'valid' }).waitFor();
  assert.ok(await issuedRow.locator('img').evaluate((i) => i.complete && i.naturalWidth > 0), 'the badge image loads');
  const manage = page.locator('section', { has: page.getByRole('heading', { name: 'Revoke or suspend a badge' }) });
  await manage.getByLabel('Badge (id or key)').fill(key);
  await graphql('query Achievement', () => manage.getByRole('button', { name: 'Find' }).click());
  await manage.getByLabel('Reason').fill('Vérification du projet en cours');
  await graphql('mutation Suspend', () => manage.getByRole('button', { name: 'Suspend' }).click());
  await manage.getByTestId('status').filter({ hasText: 'suspended' }).waitFor();
  await issuedRow.getByTestId('status').filter({ hasText: 'suspended' }).waitFor();
  await axe('issuer');
  await shot('issuer');
});

await step('issuer: issued badges, kept across visits, managed from the list', async () => {
  await page.goto(base + '/issuer');
  const list = page.getByTestId('issued');
  await list.getByTestId('issued-badge').first().waitFor();
  const row = list.getByTestId('issued-badge').first();
  const key = await row.getAttribute('data-key');
  await row.getByTestId('status').filter({ hasText: 'suspended' }).waitFor();
  const manage = page.locator('section', { has: page.getByRole('heading', { name: 'Revoke or suspend a badge' }) });
  await graphql('query Achievement', () => row.getByRole('button', { name: /^Manage: / }).click());
  assert.equal(await manage.getByLabel('Badge (id or key)').inputValue(), key);
  await graphql('mutation Reinstate', () => manage.getByRole('button', { name: 'Reinstate' }).click());
  await row.getByTestId('status').filter({ hasText: 'valid' }).waitFor();
  await list.scrollIntoViewIfNeeded();
  await axe('issuer-issued');
  await shot('issuer-issued');
});

await step('GraphiQL: bundled, with a tab per demo identity', async () => {
  await page.goto(base + '/graphiql');
  await page.locator('.graphiql-container').waitFor();
  await page.getByText('stats', { exact: false }).first().waitFor();
  assert.ok((await page.locator('.graphiql-tab').count()) >= 6, 'one tab for the tour and one per demo identity');
  await axe('graphiql');
  await shot('graphiql');
});

await step('390 px: every seat fits and passes axe', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [role, path, ready] of [
    ['advisor', '/advisor', 'my-learners'],
    ['learner', '/learner', 'badge'],
    ['employer', '/employer', 'requirement'],
    ['issuer', '/issuer', 'credentials'],
  ]) {
    await signInAs(role);
    await page.goto(base + path);
    await page.getByTestId(ready).first().waitFor();
    await noHorizontalScroll(`${role} at 390 px`);
    await axe(`${role}-390`);
    await shot(`${role}-390`);
  }
  // The coverage matrix scrolls sideways inside its own container, not the page.
  await signInAs('employer');
  await page.goto(base + '/employer');
  await page.getByTestId('matrix-row').first().waitFor();
  await noHorizontalScroll('employer coverage matrix at 390 px');
  const region = page.getByRole('region', { name: 'Coverage matrix', exact: true });
  assert.ok(await region.evaluate((r) => r.scrollWidth > r.clientWidth), 'the matrix scrolls inside its container');
  await page.getByRole('heading', { name: /^Coverage matrix — / }).evaluate((h) => h.scrollIntoView());
  await shot('employer-matrix-390');
  await signInAs('advisor');
  const first = page.getByTestId('my-learners').getByRole('link').first();
  await Promise.all([page.waitForURL(/\/advisor\/learners\//), first.click()]);
  await page.getByTestId('pathway').first().waitFor();
  await noHorizontalScroll('advisor learner page at 390 px');
  await axe('advisor-learner-390');
  await shot('advisor-learner-390');
});

await step('offline: no request left 127.0.0.1', async () => {
  const outside = requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    return new URL(u).hostname !== '127.0.0.1';
  });
  assert.deepEqual(outside, []);
  assert.ok(requests.length > 20, `only ${requests.length} requests recorded`);
});

await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${requests.length} requests, all to 127.0.0.1; axe on ${axeResults.length} screens`);
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('PASS');
