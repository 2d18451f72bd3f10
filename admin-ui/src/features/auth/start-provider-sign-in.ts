// Sends the browser to a provider: a fresh PKCE verifier for this tab, then the redirect.
import { consoleCallbackUrl, oauthStartUrl } from './oauth-urls';
import { codeChallengeOf, generateCodeVerifier, rememberCodeVerifier } from './pkce';

export async function startProviderSignIn(provider: string): Promise<void> {
  const verifier = generateCodeVerifier();
  rememberCodeVerifier(verifier);
  const challenge = await codeChallengeOf(verifier);
  window.location.assign(oauthStartUrl(provider, consoleCallbackUrl(window.location.origin), challenge));
}
