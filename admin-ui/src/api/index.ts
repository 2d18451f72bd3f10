// The console's single session and clients, bound to the page's own origin.

import { AuthSession, SESSION_STORAGE_KEY } from './auth-session';
import { createApiClient, type ApiClient } from './client';
import type { RecordsClient, RecordsPaths } from './records-client';
import { createStagecraftClient, type ConsoleClient } from './stagecraft-client';

export const session = new AuthSession({ storage: typeof localStorage === 'undefined' ? null : localStorage });

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === SESSION_STORAGE_KEY) session.adoptStored(event.newValue);
  });
}

export const api: ApiClient = createApiClient(session);
export const recordsApi: RecordsClient = createApiClient<RecordsPaths>(session);
/** @stagecraft/client, on the same session: the console's live record updates use it. */
export const stagecraft: ConsoleClient = createStagecraftClient(session);

export { unwrap, unwrapAs } from './client';
export { sendForm, type FormRequest } from './form-request';
export {
  ApiError,
  errorMessage,
  expressionIssue,
  fieldErrors,
  positionInMessage,
  unclaimedProblems,
  withoutPosition,
} from './problem';
export type { Problem, FieldProblem, ExpressionIssue } from './problem';
export type { RecordData, RecordList, ListQuery, StoredFile } from './records-client';
export { etagOf } from './records-client';
export * from './collection-types';
