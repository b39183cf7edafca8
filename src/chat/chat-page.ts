/**
 * The demo's chat page: logs in (through `GET /auth/login`), shows who you are (`GET /auth/session`), talks to the
 * support agent (`POST /agents/support/text` with the session cookie and the CSRF token) and logs out
 * (`POST /auth/logout`, then on to the provider's end-session page). It never sees a token: the cookie is HttpOnly.
 */
export const CHAT_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Agent chat</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; }
    #log { border: 1px solid #ccc; min-height: 8rem; padding: .5rem; white-space: pre-wrap; }
    [hidden] { display: none; }
  </style>
</head>
<body>
  <h1>Agent chat</h1>
  <p id="status">Loading…</p>
  <a id="login" href="/auth/login?returnTo=/chat" hidden>Log in</a>
  <section id="chat" hidden>
    <p>Signed in as <strong id="who"></strong> <span id="roles"></span></p>
    <div id="log"></div>
    <form id="send">
      <input id="input" name="input" autocomplete="off" placeholder="Say something to the support agent" required>
      <button type="submit">Send</button>
    </form>
    <button id="logout" type="button">Log out</button>
  </section>
  <script>
    let csrfToken;
    const $ = (id) => document.getElementById(id);
    async function load() {
      const response = await fetch('/auth/session');
      if (response.status !== 200) {
        $('status').textContent = 'You are not signed in.';
        $('login').hidden = false;
        return;
      }
      const session = await response.json();
      csrfToken = session.csrfToken;
      $('status').textContent = 'Signed in.';
      $('who').textContent = session.name || session.userId;
      $('roles').textContent = session.roles.length ? '(' + session.roles.join(', ') + ')' : '';
      $('chat').hidden = false;
    }
    $('send').addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = $('input').value;
      const response = await fetch('/agents/support/text', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ input }),
      });
      const body = await response.json();
      $('log').textContent += (response.ok ? body.text : 'Refused: ' + body.code) + '\\n';
      $('input').value = '';
    });
    $('logout').addEventListener('click', async () => {
      const response = await fetch('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
      const body = await response.json();
      window.location.assign(response.ok ? body.redirectTo : '/chat');
    });
    load();
  </script>
</body>
</html>
`;
