// Providers (theme, queries, notifications, router) and the route table under /admin.
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useState, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, Route, RouterProvider, Routes } from 'react-router';
import { LoadingBlock } from './components/loading-block';
import { UnsavedChangesProvider } from './components/unsaved-changes-guard';
import { AuthGate } from './features/auth/auth-gate';
import { AppLayout } from './features/layout/app-layout';
import { lazyPage } from './features/layout/lazy-page';
import { NotFoundPage } from './features/layout/not-found-page';
import { COLOR_SCHEME_KEY } from './color-scheme';
import { createQueryClient } from './query-client';
import { cssVariablesResolver, theme } from './theme';

const ResetPasswordPage = lazyPage(() => import('./features/auth/reset-password-page'), 'ResetPasswordPage');
const VerifyEmailPage = lazyPage(() => import('./features/auth/verify-email-page'), 'VerifyEmailPage');
const OAuthCallbackPage = lazyPage(() => import('./features/auth/oauth-callback-page'), 'OAuthCallbackPage');
const AccountPage = lazyPage(() => import('./features/account/account-page'), 'AccountPage');
const SignInProvidersPage = lazyPage(
  () => import('./features/sign-in-providers/sign-in-providers-page'),
  'SignInProvidersPage',
);
const CollectionsPage = lazyPage(() => import('./features/collections/collections-page'), 'CollectionsPage');
const CollectionPage = lazyPage(() => import('./features/collections/collection-page'), 'CollectionPage');
const UsersPage = lazyPage(() => import('./features/users/users-page'), 'UsersPage');
const ApiKeysPage = lazyPage(() => import('./features/api-keys/api-keys-page'), 'ApiKeysPage');
const WebhooksPage = lazyPage(() => import('./features/webhooks/webhooks-page'), 'WebhooksPage');
const WebhookPage = lazyPage(() => import('./features/webhooks/webhook-page'), 'WebhookPage');
const FunctionsPage = lazyPage(() => import('./features/functions/functions-page'), 'FunctionsPage');
const NewFunctionPage = lazyPage(() => import('./features/functions/new-function-page'), 'NewFunctionPage');
const FunctionPage = lazyPage(() => import('./features/functions/function-page'), 'FunctionPage');
const FunctionSecretsPage = lazyPage(() => import('./features/functions/function-secrets-page'), 'FunctionSecretsPage');
const JobsPage = lazyPage(() => import('./features/jobs/jobs-page'), 'JobsPage');
const MailboxPage = lazyPage(() => import('./features/mailbox/mailbox-page'), 'MailboxPage');

const consoleRoutes = (
  <Routes>
    <Route element={<AppLayout />}>
      <Route index element={<Navigate to="/collections" replace />} />
      <Route path="collections" element={<CollectionsPage />} />
      <Route path="collections/:name" element={<Navigate to="records" replace />} />
      <Route path="collections/:name/:tab" element={<CollectionPage />} />
      <Route path="users" element={<UsersPage />} />
      <Route path="mailbox" element={<MailboxPage />} />
      <Route path="api-keys" element={<ApiKeysPage />} />
      <Route path="webhooks" element={<WebhooksPage />} />
      <Route path="webhooks/:id" element={<WebhookPage />} />
      <Route path="functions" element={<FunctionsPage />} />
      {/* A function named "new" is still reachable: its pages are /functions/new/<tab>. */}
      <Route path="functions/new" element={<NewFunctionPage />} />
      <Route path="functions/:name" element={<Navigate to="code" replace />} />
      <Route path="functions/:name/:tab" element={<FunctionPage />} />
      <Route path="function-secrets" element={<FunctionSecretsPage />} />
      <Route path="jobs" element={<JobsPage />} />
      <Route path="settings/sign-in" element={<SignInProvidersPage />} />
      <Route path="account" element={<AccountPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </Routes>
);

/** A page opened from an emailed link or a provider's redirect, outside the layout: its own loading state. */
function PublicPage({ page: Page }: { page: ComponentType<object> }) {
  return (
    <Suspense fallback={<LoadingBlock label="Loading page" />}>
      <Page />
    </Suspense>
  );
}

const appRoutes = (
  <Routes>
    {/* Opened from emailed links, by anyone: no session, no setup check. */}
    <Route path="reset-password" element={<PublicPage page={ResetPasswordPage} />} />
    <Route path="verify-email" element={<PublicPage page={VerifyEmailPage} />} />
    {/* Where provider sign-ins, links and test sign-ins come back, signed in or not. */}
    <Route path="oauth-callback" element={<PublicPage page={OAuthCallbackPage} />} />
    <Route path="*" element={<AuthGate>{consoleRoutes}</AuthGate>} />
  </Routes>
);

/**
 * A data router (not <BrowserRouter>): only it can block a navigation, which the unsaved-changes
 * guard needs. The route table stays declarative beneath its one catch-all route.
 */
function createConsoleRouter() {
  return createBrowserRouter([{ path: '*', element: <UnsavedChangesProvider>{appRoutes}</UnsavedChangesProvider> }], {
    basename: '/admin',
  });
}

const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_KEY });

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createConsoleRouter);
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      {/* Bottom left: clear of the record drawer (right), page headers and toolbars (top). */}
      <Notifications position="bottom-left" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
