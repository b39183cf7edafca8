import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BrowserSessions } from 'nest-agent-auth';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
import { freePort } from '../support/free-port.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { startStubServer, type StubServer } from '../support/stub-server.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

/** Debian's Chromium (scripts/test-prerequisites.sh installs it); puppeteer-core never downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SESSION_COOKIE = 'agent-auth-session';

describe.each(PLATFORMS)('a real browser on the demo chat page (%s)', (platform) => {
  let provider: TestOidcProvider;
  let server: TestApp;
  let browser: Browser;
  let page: Page;
  let otherSite: StubServer;

  beforeAll(async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      browserClient: {
        redirectUris: [`${origin}/auth/callback`],
        postLogoutRedirectUris: [`${origin}/chat`],
        accounts: { ada: { roles: ['operator'] } },
      },
    });
    const env = {
      JWT_SECRET: newSecret(),
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.browserClient!.clientId,
      OIDC_CLIENT_SECRET: provider.browserClient!.clientSecret,
      OIDC_REDIRECT_URI: `${origin}/auth/callback`,
      OIDC_SCOPES: 'openid profile email roles',
    };
    server = await startTestApp(platform, { imports: [AppModule.register(demoAuthConfig(env), platform)] }, { port });
    // Another origin on the same site (another port of 127.0.0.1): the browser sends the SameSite=Lax cookie to the
    // demo from its pages, so only the origin check stands between them.
    otherSite = await startStubServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(
        `<form id="f" method="POST" action="${origin}/agents/support/text"><input name="input" value="from elsewhere"></form>` +
          '<script>document.getElementById("f").submit()</script>',
      );
    });
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await otherSite?.close();
    await server?.close();
    await provider?.close();
  });

  async function text(selector: string): Promise<string> {
    return page.$eval(selector, (element) => element.textContent ?? '');
  }

  it('logs in through the provider login page, chats with an agent, is refused cross-site, logs out and is refused afterwards', async () => {
    await page.goto(`${server.url}/chat`);
    await page.waitForSelector('#login:not([hidden])');
    await Promise.all([page.waitForNavigation(), page.click('#login')]);
    expect(page.url().startsWith(provider.issuer)).toBe(true);
    await page.type('input[name=login]', 'ada');
    await page.type('input[name=password]', 'any');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.waitForSelector('#chat:not([hidden])');
    expect(page.url()).toBe(`${server.url}/chat`);
    expect(await text('#who')).toBe('User ada');
    expect(await text('#roles')).toBe('(operator)');

    const cookies = await browser.cookies();
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate('document.cookie')).not.toContain(SESSION_COOKIE);
    const cookieHeader = `${SESSION_COOKIE}=${session!.value}`;
    const accessToken = await server.app.get(BrowserSessions).providerAccessToken({ headers: { cookie: cookieHeader } });
    expect(await page.content()).not.toContain(accessToken);

    await page.type('#input', 'status?');
    await page.click('#send button');
    await page.waitForFunction("document.getElementById('log').textContent.includes('Hello')");
    expect(await text('#log')).toBe('[Support agent] Hello ada (operator), you said: status?\n');

    const elsewhere = await browser.newPage();
    await Promise.all([elsewhere.waitForNavigation(), elsewhere.goto(otherSite.url)]);
    const refused = (await elsewhere.evaluate('document.body.textContent')) as string;
    expect(JSON.parse(refused)).toMatchObject({ statusCode: 403, code: 'cross_site_request' });
    await elsewhere.close();

    await Promise.all([page.waitForNavigation(), page.click('#logout')]);
    expect(page.url().startsWith(`${provider.issuer}/session/end`)).toBe(true);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.waitForSelector('#login:not([hidden])');
    expect(page.url()).toBe(`${server.url}/chat`);
    expect((await browser.cookies()).some((cookie) => cookie.name === SESSION_COOKIE)).toBe(false);

    const after = await fetch(`${server.url}/agents/support/text`, {
      method: 'POST',
      headers: { cookie: cookieHeader, origin: server.url, 'content-type': 'application/json' },
      body: '{"input":"still there?"}',
    });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { code: string }).code).toBe('invalid_session');
  }, 60_000);
});
