// GraphiQL on /api/graphql, served by the API from the console's build (no CDN). It sends the
// console's session token (same origin, same storage) and refreshes it on a 401 as the console
// does; signed out, its requests are anonymous. Subscriptions run over graphql-ws. `?query=`
// opens a tab with that query. Its theme is the console's choice (light, dark or the system's).
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './contrast.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { session } from '../api';
import { storedColorScheme } from '../color-scheme';
import { GRAPHQL_PATH } from '../features/docs/graphql-snippet';

/** fetch with the session's token, unless the headers editor sets its own Authorization. */
async function fetchWithSession(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = session.accessToken;
  if (token === null || headers.has('authorization')) return fetch(input, init);
  headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(input, { ...init, headers });
  if (response.status !== 401) return response;
  const fresh = await session.tokenAfterUnauthorized(token);
  if (fresh === null) return response;
  headers.set('authorization', `Bearer ${fresh}`);
  return fetch(input, { ...init, headers });
}

// Subscriptions run over graphql-ws on the same origin, signed in with the token of the moment
// (the toolkit's own wsConnectionParams would be a fixed object).
const subscriptions = createClient({
  url: `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${GRAPHQL_PATH}/ws`,
  connectionParams: () => (session.accessToken === null ? {} : { authorization: `Bearer ${session.accessToken}` }),
});
const fetcher = createGraphiQLFetcher({ url: GRAPHQL_PATH, fetch: fetchWithSession, wsClient: subscriptions });
const initialQuery = new URLSearchParams(window.location.search).get('query') ?? undefined;
const consoleScheme = storedColorScheme();
const theme = consoleScheme === 'auto' ? 'system' : consoleScheme;

const root = document.getElementById('graphiql');
if (!root) throw new Error('graphiql.html has no #graphiql element');
createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} initialQuery={initialQuery} forcedTheme={theme} />
  </StrictMode>,
);
