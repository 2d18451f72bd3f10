// The session as React state: re-renders when someone signs in or out (or a refresh fails).
import { useSyncExternalStore } from 'react';
import { session } from '../../api';
import type { StoredSession } from '../../api/auth-session';

export function useSession(): StoredSession | null {
  return useSyncExternalStore(session.subscribe, () => session.session);
}
