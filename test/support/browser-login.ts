/** A response as the login helper saw it. */
export interface SeenResponse {
  readonly status: number;
  readonly location?: string;
  readonly setCookies: readonly string[];
  readonly body: string;
}

/**
 * A minimal browser over fetch for login flows: keeps cookies per origin (name=value only, as a browser sends
 * them), follows no redirect by itself, and drives oidc-provider's development login and consent pages.
 */
export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();
  /** The last callback {@link login} sent to the app: its URL and the `Cookie` header sent with it (to replay it). */
  lastCallback?: { readonly url: string; readonly cookie: string };

  /** Requests `url` with this browser's cookies for its origin, storing the cookies it sets. */
  async request(url: string, init: RequestInit = {}): Promise<SeenResponse> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target.origin);
    if (cookie !== '') headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    this.store(target.origin, setCookies);
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, location: location && new URL(location, target).href, setCookies, body: await response.text() };
  }

  /** The `Cookie` header this browser sends to an origin. */
  cookieHeader(origin: string): string {
    return [...(this.jars.get(origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The value of one cookie held for an origin. */
  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  /**
   * Logs in through the app: `GET loginUrl`, the provider's login page (as `login`), its consent page, then back to
   * the app's callback, which is returned unfollowed (its redirect and cookies are the app's answer).
   */
  async login(loginUrl: string, login: string): Promise<SeenResponse> {
    const appOrigin = new URL(loginUrl).origin;
    let current = loginUrl;
    let response = await this.request(current);
    for (let hops = 0; hops < 12; hops++) {
      if (response.location !== undefined) {
        current = response.location;
        const url = new URL(current);
        if (url.origin === appOrigin && url.pathname.endsWith('/auth/callback')) {
          this.lastCallback = { url: current, cookie: this.cookieHeader(appOrigin) };
          return this.request(current);
        }
        response = await this.request(current);
        continue;
      }
      const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(response.body);
      if (form === null) throw new Error(`login page without a form (status ${response.status}): ${response.body.slice(0, 300)}`);
      const fields = new URLSearchParams();
      for (const input of form[2].matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) fields.set(input[1], /value="([^"]*)"/.exec(input[0])?.[1] ?? '');
      if (fields.has('login')) fields.set('login', login);
      if (fields.has('password')) fields.set('password', 'any');
      current = new URL(form[1], current).href;
      response = await this.request(current, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
    }
    throw new Error('login did not come back to the app');
  }

  private store(origin: string, setCookies: readonly string[]): void {
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    this.jars.set(origin, jar);
  }
}
