// After a second factor is added the server raises this session to aal 2 with new tokens (the
// old refresh token stops working at once), and the first factor brings recovery codes.
import type { QueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { authKeys } from '../auth/keys';
import { storeTokens } from '../auth/sign-in-outcome';
import { mfaKeys } from './keys';

type FactorAdded = components['schemas']['TotpConfirmedDto'];

export function adoptFactorAdded(queryClient: QueryClient, answer: FactorAdded): void {
  const { recovery_codes: _shownOnce, ...signedIn } = answer;
  storeTokens(signedIn);
  void queryClient.invalidateQueries({ queryKey: mfaKeys.all });
  void queryClient.invalidateQueries({ queryKey: authKeys.me() });
}
