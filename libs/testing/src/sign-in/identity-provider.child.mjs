// The child process behind startTestIdentityProvider: a real oidc-provider on loopback, fronted by
// a node:http server that adds what tests steer (who signs in, a denial, a forged ID token).
// Plain ESM run by Node, because oidc-provider is ESM-only and Jest must never load it.
//
// argv[2] is JSON: { clients, users, jwk } (jwk: the RS256 private key the harness generated).
// Prints the port on stdout once the provider answers.

import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { URL, URLSearchParams } from 'node:url';
import { CompactSign, generateKeyPair, importJWK } from 'jose';
import Provider, { interactionPolicy } from 'oidc-provider';

const { clients, users, jwk } = JSON.parse(process.argv[2]);
const signingKey = await importJWK(jwk, 'RS256');

/** What the test armed over /__test/*; each is used once. */
const armed = { login: undefined, denial: false, tamper: undefined };

const TAMPER_KINDS = new Set(['wrong-key', 'wrong-audience', 'expired', 'wrong-nonce', 'wrong-issuer']);

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function findUser(login) {
  const wanted = login.trim().toLowerCase();
  return users.find((user) => user.email.toLowerCase() === wanted || user.sub === login.trim());
}

// ---- the forged ID tokens ---------------------------------------------------------------------

/** Re-signs the provider's ID token with one thing wrong; every other header and claim is kept. */
async function tamperIdToken(idToken, kind) {
  const [encodedHeader, encodedPayload] = idToken.split('.');
  const header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString());
  const payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString());
  let key = signingKey;
  const now = Math.floor(Date.now() / 1000);
  switch (kind) {
    case 'wrong-key':
      // Same kid, so the client finds "its" key and must fail on the signature itself.
      key = (await generateKeyPair('RS256', { extractable: false })).privateKey;
      break;
    case 'wrong-audience':
      payload.aud = 'another-client';
      break;
    case 'expired': {
      const lifetime = payload.exp - payload.iat;
      payload.exp = now - 2 * 3600;
      payload.iat = payload.exp - lifetime;
      break;
    }
    case 'wrong-nonce':
      payload.nonce = 'forged';
      break;
    case 'wrong-issuer':
      payload.iss = 'https://evil.example';
      break;
    default:
      throw new Error(`unknown tamper kind ${kind}`);
  }
  return new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader(header).sign(key);
}

// ---- the provider ---------------------------------------------------------------------------------

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const { base, Check } = interactionPolicy;
const policy = base();
// Every authorization goes through the interaction, even with a live session cookie (a browser
// signing in twice), so the test always decides who signs in or whether it is denied.
policy
  .get('login')
  .checks.add(
    new Check('test_fresh_login', 'the test chooses who signs in each time', (ctx) =>
      ctx.oidc.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
    ),
  );

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    ...client,
  })),
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Scope claims go into the ID token too, not only userinfo: clients read email from it.
  conformIdTokenClaims: false,
  responseTypes: ['code'],
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}`, policy },
  ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  async findAccount(_ctx, sub) {
    const user = users.find((candidate) => candidate.sub === sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      claims: () => ({
        sub,
        email: user.email,
        email_verified: user.email_verified,
        ...(user.name === undefined ? {} : { name: user.name }),
      }),
    };
  },
  // Consent is granted without asking: a fresh grant for whatever the client requested.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    const claims = [...(ctx.oidc.requestParamClaims ?? [])];
    if (claims.length > 0) grant.addOIDCClaims(claims);
    await grant.save();
    return grant;
  },
});

// The token endpoint's JSON is still an object here (Koa serialises it later): swap the ID token.
provider.use(async (ctx, next) => {
  await next();
  const kind = armed.tamper;
  if (kind && ctx.method === 'POST' && ctx.oidc?.route === 'token' && typeof ctx.body?.id_token === 'string') {
    armed.tamper = undefined;
    ctx.body = { ...ctx.body, id_token: await tamperIdToken(ctx.body.id_token, kind) };
  }
});

// ---- login interaction ----------------------------------------------------------------------------

function loginPage(uid, message) {
  const options = users.map((user) => `<option value="${escapeHtml(user.email)}"></option>`).join('');
  const listed = users
    .map((user) => `<li>${escapeHtml(user.email)}${user.name ? ` (${escapeHtml(user.name)})` : ''}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
<h1>Test identity provider</h1>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Email</label>
<input id="login" name="login" type="text" list="users" autocomplete="off" autofocus>
<datalist id="users">${options}</datalist>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>
<ul>${listed}</ul>
</body></html>`;
}

function sendHtml(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

const denial = { error: 'access_denied', error_description: 'End-User denied the authorization' };

async function interaction(req, res, uid, action) {
  const finish = (result) => provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  if (req.method === 'GET' && action === undefined) {
    await provider.interactionDetails(req, res);
    if (armed.denial) {
      armed.denial = false;
      return finish(denial);
    }
    if (armed.login !== undefined) {
      const accountId = armed.login;
      armed.login = undefined;
      return finish({ login: { accountId } });
    }
    return sendHtml(res, 200, loginPage(uid));
  }
  if (req.method === 'POST' && action === 'abort') return finish(denial);
  if (req.method === 'POST' && action === 'login') {
    const login = new URLSearchParams(await readBody(req)).get('login') ?? '';
    const user = findUser(login);
    if (!user) return sendHtml(res, 400, loginPage(uid, `No user ${login}`));
    return finish({ login: { accountId: user.sub } });
  }
  return sendHtml(res, 404, 'Not found');
}

// ---- test controls --------------------------------------------------------------------------------

async function control(req, res, command) {
  const body = JSON.parse((await readBody(req)) || '{}');
  switch (command) {
    case 'next-login':
      if (!users.some((user) => user.sub === body.sub)) return sendJson(res, 400, { error: `no user ${body.sub}` });
      armed.login = body.sub;
      armed.denial = false;
      break;
    case 'next-denial':
      armed.denial = true;
      armed.login = undefined;
      break;
    case 'tamper-next-id-token':
      if (!TAMPER_KINDS.has(body.kind)) return sendJson(res, 400, { error: `unknown tamper kind ${body.kind}` });
      armed.tamper = body.kind;
      break;
    case 'reset':
      Object.assign(armed, { login: undefined, denial: false, tamper: undefined });
      break;
    default:
      return sendJson(res, 404, { error: `unknown command ${command}` });
  }
  return sendJson(res, 200, { armed });
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const callback = provider.callback();

server.on('request', (req, res) => {
  const path = new URL(req.url ?? '/', issuer).pathname;
  const controlMatch = /^\/__test\/([a-z-]+)$/.exec(path);
  const interactionMatch = /^\/interaction\/([^/]+)(?:\/(login|abort))?$/.exec(path);
  let handled;
  if (controlMatch && req.method === 'POST') handled = control(req, res, controlMatch[1]);
  else if (interactionMatch) handled = interaction(req, res, interactionMatch[1], interactionMatch[2]);
  else return callback(req, res);
  handled.catch((error) => {
    console.error(error);
    if (!res.headersSent) sendHtml(res, 500, escapeHtml(error instanceof Error ? error.message : String(error)));
    else res.end();
  });
});

// All state is in memory; nothing to flush. stdin closes when the test process dies without
// calling close(), so the provider never outlives it.
process.on('SIGTERM', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.stdout.write(`${port}\n`);
