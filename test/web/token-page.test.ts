// The token page in a real headless Chromium (Debian's package, driven by
// playwright-core), against the real gateway and sandbox: sign in on both
// flavours, make a token with projects and scopes, copy its secret and use
// it on /graphql, rotate it (the old secret fails), revoke it, the admin view
// (another user's token revoked, the audit log), no admin view for others,
// and a bad Jira token's error. A screenshot of each screen goes to
// test-results/web/. One browser for the file; each flavour's gateway is shared
// by its tests, which run in order (a later one uses what an earlier made).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, useGateway } from '../support/gateway.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SHOTS = join(process.cwd(), 'test-results', 'web');

const SUITE = HAVE_CHROMIUM
  ? 'the token page in headless Chromium'
  : `the token page in headless Chromium: SKIPPED, ${CHROMIUM} is absent (apt-get install -y chromium)`;

if (!HAVE_CHROMIUM) {
  // Said once, beside the skipped count: CI installs it (.ci/run), a developer may not have.
  process.stderr.write(`${SUITE}\n`);
}

let context: BrowserContext | undefined;
let userDataDir = '';

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  mkdirSync(SHOTS, { recursive: true });
  userDataDir = mkdtempSync(join(tmpdir(), 'jgg-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    // The copy button writes the clipboard; the test reads it back.
    permissions: ['clipboard-read', 'clipboard-write'],
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** What the page must never cause: a script error, or something its CSP refused. */
const pageProblems: string[] = [];

/** A fresh tab: its own sessionStorage, so its own signed-in person. */
async function newTab(): Promise<Page> {
  if (!context) throw new Error('no browser');
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
  });
  return page;
}

/** A whole-page screenshot; with a dialog open, the window only (the backdrop covers only the window). */
async function shot(page: Page, name: string): Promise<void> {
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: !dialogOpen });
}

async function signIn(page: Page, gw: GatewayHarness, user: string): Promise<void> {
  const u = gw.sandboxUser(user);
  await page.goto(`${gw.gateway.url}/tokens`);
  await page.getByLabel('Jira token').fill(u.token);
  if (gw.flavor === 'cloud') await page.getByLabel('Email (Jira Cloud only)').fill(u.emailAddress);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await poll(() => page.getByText(`Signed in as ${u.displayName}`).count()).toBe(1);
}

/** POST /graphql with a token, as a tool would. */
async function asTool(gw: GatewayHarness, secret: string, query: string) {
  return gw.gql(secret, query);
}

/** expect.poll waits 1 s by default: too short for a browser on a busy CI machine. */
function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 15_000 });
}

const WHO = '{ viewer { user { displayName } token { name scopes projects } } }';

/** Fills and submits the new-token form; answers the secret the page showed and copied. */
async function createToken(
  page: Page,
  options: { name: string; scopes: string[]; projects: string[] },
  screenshot?: string,
): Promise<string> {
  await page.getByRole('button', { name: 'New token' }).click();
  await page.getByLabel('Name', { exact: true }).fill(options.name);
  for (const scope of options.scopes) await page.getByLabel(scope, { exact: true }).check();
  await page.getByLabel('Only these projects:').check();
  for (const key of options.projects) await page.getByLabel(new RegExp(`^${key}: `)).check();
  await page.getByLabel('Expires in').selectOption('30');
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: 'Create token' }).click();
  return copySecret(page, 'Your new token', screenshot ? `${screenshot}-secret` : undefined);
}

/** Presses Copy in the secret dialog and answers what reached the clipboard. */
async function copySecret(page: Page, title: string, screenshot?: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await poll(() => dialog.getByText('Copied to the clipboard.').count()).toBe(1);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^jgg_[0-9A-Za-z]{36}$/);
  expect(await dialog.getByLabel('Token').inputValue()).toBe(copied);
  if (screenshot) await shot(page, screenshot);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await poll(() => page.getByRole('dialog').count()).toBe(0);
  return copied;
}

describe.skipIf(!HAVE_CHROMIUM)(SUITE, () => {
  describe('Data Center', () => {
    const gw = useGateway({ flavor: 'datacenter', issues: 30 });
    let alice: Page;
    let secret = '';

    it('shows a bad Jira token as an error, in words', async () => {
      const page = await newTab();
      await page.goto(`${gw().gateway.url}/`);
      await shot(page, 'sign-in');
      // By keyboard alone: the token field is the first stop, Enter sends the form.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('jira-token');
      await page.keyboard.type('not-a-jira-token');
      await page.keyboard.press('Enter');
      const alert = page.getByRole('alert');
      await poll(() => alert.textContent()).toMatch(
        /^Jira did not accept that token: check it \(and on Cloud, the email\)/,
      );
      await shot(page, 'sign-in-error');
      // Nothing was kept: the tab is still signed out.
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      await page.close();
    });

    it('signs in, makes a token with projects and scopes, copies its secret, and the secret works on /graphql', async () => {
      alice = await newTab();
      await signIn(alice, gw(), 'alice');
      // The session is this tab's, never in localStorage.
      expect(await alice.evaluate(() => localStorage.length)).toBe(0);
      expect(await alice.evaluate(() => sessionStorage.getItem('jgg.session'))).toMatch(/"secret":"jgg_/);
      await shot(alice, 'my-tokens-empty');

      secret = await createToken(
        alice,
        { name: 'CI export', scopes: ['issues:read', 'comments:read'], projects: ['PROJ'] },
        'new-token',
      );
      const used = await asTool(gw(), secret, WHO);
      expect(used.status).toBe(200);
      expect(used.body.data.viewer.token).toEqual({
        name: 'CI export',
        scopes: ['issues:read', 'comments:read'],
        projects: ['PROJ'],
      });
      // Back on My tokens, with the heading focused, the token listed with what it may do.
      await poll(() => alice.evaluate(() => document.activeElement?.id)).toBe('my-tokens-title');
      const row = alice.getByRole('row', { name: /CI export/ });
      await poll(() => row.textContent()).toMatch(/issues:read, comments:read.*PROJ/);
      await alice.reload();
      // A reload keeps the tab's session; the use of the token shows.
      await poll(() => alice.getByRole('row', { name: /CI export/ }).textContent()).toMatch(/1 requests/);
      await shot(alice, 'my-tokens');
    });

    it('rotates the token (the old secret fails) and revokes it, each after a confirmation', async () => {
      const row = alice.getByRole('row', { name: /CI export/ });
      const rotate = row.getByRole('button', { name: 'Rotate CI export' });
      await rotate.click();
      const confirm = alice.getByRole('dialog', { name: 'Rotate this token?' });
      await shot(alice, 'confirm-rotate');
      // Cancel first (Escape; Cancel is the button focused): nothing happens, and focus returns to the button that opened it.
      await poll(() =>
        confirm.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement),
      ).toBe(true);
      await alice.keyboard.press('Escape');
      await poll(() => alice.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
        'Rotate CI export',
      );
      expect((await asTool(gw(), secret, WHO)).status).toBe(200);

      await rotate.click();
      await confirm.getByRole('button', { name: 'Rotate' }).click();
      const rotated = await copySecret(alice, 'The rotated token', 'rotated-secret');
      expect(rotated).not.toBe(secret);
      expect((await asTool(gw(), secret, WHO)).status).toBe(401);
      expect((await asTool(gw(), rotated, WHO)).status).toBe(200);

      await alice
        .getByRole('row', { name: /CI export/ })
        .getByRole('button', { name: 'Revoke CI export' })
        .click();
      await alice
        .getByRole('dialog', { name: 'Revoke this token?' })
        .getByRole('button', { name: 'Revoke' })
        .click();
      await poll(() => alice.getByRole('status').first().textContent()).toBe('Revoked CI export.');
      expect((await asTool(gw(), rotated, WHO)).status).toBe(401);
      await poll(() => alice.getByRole('row', { name: /CI export/ }).count()).toBe(0);
      await alice.getByLabel('Show revoked and expired tokens').check();
      await poll(() =>
        alice
          .getByRole('row', { name: /CI export/ })
          .last()
          .textContent(),
      ).toMatch(/revoked/);
      await shot(alice, 'my-tokens-revoked');
    });

    it('shows a non-admin no admin view, and fits a phone-width screen', async () => {
      expect(await alice.getByRole('navigation').getByRole('button').allTextContents()).toEqual([
        'My tokens',
        'New token',
      ]);
      await alice.setViewportSize({ width: 390, height: 844 });
      await alice.getByRole('button', { name: 'New token' }).click();
      // Nothing but the tables scrolls sideways.
      expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(alice, 'new-token-phone');
      await alice.setViewportSize({ width: 1280, height: 900 });
    });

    it('signs out: the session token is revoked and dropped', async () => {
      const session = await alice.evaluate(
        () => JSON.parse(sessionStorage.getItem('jgg.session') ?? '{}').secret,
      );
      await alice.getByRole('button', { name: 'Sign out' }).click();
      await poll(() => alice.getByText('You have signed out.').count()).toBe(1);
      expect(await alice.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
      expect((await asTool(gw(), session, WHO)).status).toBe(401);
      await alice.close();
    });

    it("lets an admin see and revoke another user's token, and read the audit log", async () => {
      const bobs = await gw().token('bob', { scopes: ['issues:read'], name: "bob's report" });
      const page = await newTab();
      await signIn(page, gw(), 'admin');
      await page.getByRole('button', { name: 'Admin' }).click();
      await page.getByLabel('Owner').selectOption({ label: 'Bob Brown (bob)' });
      const tokens = page.getByRole('table', { name: "Every identity's tokens" });
      const row = tokens.getByRole('row', { name: /bob's report/ });
      await poll(() => row.textContent()).toMatch(/Bob Brown.*issues:read/);
      await shot(page, 'admin');
      await row.getByRole('button', { name: "Revoke bob's report of Bob Brown (bob)" }).click();
      await page
        .getByRole('dialog', { name: 'Revoke this token?' })
        .getByRole('button', { name: 'Revoke' })
        .click();
      await poll(() => tokens.getByRole('row', { name: /bob's report/ }).count()).toBe(0);
      expect((await asTool(gw(), bobs.secret, WHO)).status).toBe(401);

      // The audit log has the revocation, by the admin, of bob's token; the filter narrows it.
      await page.getByLabel('Action').fill('token.revoke');
      await page.getByRole('button', { name: 'Filter' }).click();
      const audit = page.getByRole('table', { name: /Audit events/ });
      await poll(async () =>
        (await audit.getByRole('row').allTextContents()).filter((r) => r.includes(bobs.id)),
      ).toEqual([expect.stringMatching(/Admin.*token\.revoke.*token/)]);
      await shot(page, 'audit-log');

      // Paging: past 20 events (carol's tokens, made as the CLI would), Older shows the next page and Newer returns.
      for (let i = 0; i < 21; i++) await gw().token('carol', { scopes: ['issues:read'], name: `carol ${i}` });
      await page.getByLabel('Action').fill('token.create');
      await page.getByRole('button', { name: 'Filter' }).click();
      await poll(() => audit.getByRole('row').count()).toBe(21);
      const firstPage = await audit.getByRole('row').nth(1).textContent();
      await page.getByRole('button', { name: 'Older' }).click();
      await poll(() => page.getByRole('table', { name: /page 2/ }).count()).toBe(1);
      expect(await audit.getByRole('row').count()).toBeGreaterThan(1);
      expect(await audit.getByRole('row').nth(1).textContent()).not.toBe(firstPage);
      await page.getByRole('button', { name: 'Newer' }).click();
      await poll(() => audit.getByRole('row').nth(1).textContent()).toBe(firstPage);
      await page.close();
    });
  });

  describe('Cloud', () => {
    // Two sign-ins a minute from one address, so the last test meets the throttle.
    const gw = useGateway({ flavor: 'cloud', issues: 30, env: { JGG_SIGNIN_PER_IP_PER_MINUTE: '2' } });

    it('signs in with an email and an API token, and makes a token that works', async () => {
      const page = await newTab();
      await signIn(page, gw(), 'alice');
      const made = await createToken(page, {
        name: 'cloud export',
        scopes: ['issues:read'],
        projects: ['PROJ'],
      });
      const used = await asTool(gw(), made, WHO);
      expect(used.body.data.viewer).toEqual({
        user: { displayName: gw().sandboxUser('alice').displayName },
        token: { name: 'cloud export', scopes: ['issues:read'], projects: ['PROJ'] },
      });
      await shot(page, 'cloud-my-tokens');

      // A session that ends under the page (here revoked elsewhere) sends it back to sign-in, saying why.
      const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('jgg.session') ?? '{}'));
      const revoked = await gw().gql(
        session.secret,
        'mutation($id: ID!) { revokeAccessToken(id: $id) { token { id } } }',
        {
          id: session.tokenId,
        },
      );
      expect(revoked.body.errors).toBeUndefined();
      await page.getByRole('button', { name: 'New token' }).click();
      await poll(() => page.getByRole('status').textContent()).toBe(
        'Your session has ended (it expired or was revoked). Please sign in again.',
      );
      expect(await page.getByLabel('Jira token').count()).toBe(1);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      await shot(page, 'session-ended');
      await page.close();
    });

    it('shows a throttled sign-in as rate limited, in words', async () => {
      const page = await newTab();
      await page.goto(`${gw().gateway.url}/`);
      const alert = page.getByRole('alert');
      // The first test's sign-in was one of the two; the next attempt may pass the throttle, the one after may not.
      for (let attempt = 0; attempt < 3; attempt++) {
        await page.getByLabel('Jira token').fill('not-a-jira-token');
        await page.getByLabel('Email (Jira Cloud only)').fill('nobody@example.com');
        // Each attempt's own answer, not the last one's words still on the page.
        const answered = page.waitForResponse((r) => r.url().endsWith('/graphql'));
        await page.getByRole('button', { name: 'Sign in' }).click();
        await answered;
        await poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
        if ((await alert.textContent())?.startsWith('Rate limited')) break;
      }
      expect(await alert.textContent()).toMatch(
        /^Rate limited: Too many sign-in attempts from this address; try again in \d+ s\.$/,
      );
      await shot(page, 'sign-in-rate-limited');
      await page.close();
    });

    it('ran without a script error or anything its Content-Security-Policy refused', () => {
      expect(pageProblems).toEqual([]);
    });
  });
});
