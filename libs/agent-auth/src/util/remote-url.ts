const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Why a URL may not be used to fetch keys or provider metadata, or undefined when it may: an absolute URL
 * without credentials, `https:`, or `http:` on a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`) or with
 * `allowInsecureHttp` (keys fetched over plain HTTP elsewhere could be swapped by anyone on the path).
 */
export function remoteUrlProblem(value: string, allowInsecureHttp = false): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return 'must use https';
  if (allowInsecureHttp || isLoopback(url.hostname)) return undefined;
  return 'must use https (http is only allowed for loopback hosts, or with allowInsecureHttp: true)';
}

/** Whether a URL's hostname names this machine (`localhost`, `127.0.0.0/8`, `[::1]`). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || IPV4_LOOPBACK.test(hostname);
}
