// openid-client (and the oauth4webapi and jose it brings) loads with the first OAuth sign-in,
// not with every API process: most requests never need it.

import type * as OpenIdClient from 'openid-client';

export type Oidc = typeof OpenIdClient;

let loading: Promise<Oidc> | undefined;

export function loadOidc(): Promise<Oidc> {
  loading ??= import('openid-client');
  return loading;
}
