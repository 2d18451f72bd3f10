// Providers (theme, queries, notifications, router) and the route table under /admin.
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthGate } from './features/auth/auth-gate';
import { ResetPasswordPage } from './features/auth/reset-password-page';
import { VerifyEmailPage } from './features/auth/verify-email-page';
import { CollectionPage } from './features/collections/collection-page';
import { CollectionsPage } from './features/collections/collections-page';
import { AppLayout } from './features/layout/app-layout';
import { NotFoundPage } from './features/layout/not-found-page';
import { ApiKeysPage } from './features/api-keys/api-keys-page';
import { JobsPage } from './features/jobs/jobs-page';
import { UsersPage } from './features/users/users-page';
import { WebhookPage } from './features/webhooks/webhook-page';
import { WebhooksPage } from './features/webhooks/webhooks-page';
import { createQueryClient } from './query-client';
import { theme } from './theme';

const consoleRoutes = (
  <Routes>
    <Route element={<AppLayout />}>
      <Route index element={<Navigate to="/collections" replace />} />
      <Route path="collections" element={<CollectionsPage />} />
      <Route path="collections/:name" element={<Navigate to="records" replace />} />
      <Route path="collections/:name/:tab" element={<CollectionPage />} />
      <Route path="users" element={<UsersPage />} />
      <Route path="api-keys" element={<ApiKeysPage />} />
      <Route path="webhooks" element={<WebhooksPage />} />
      <Route path="webhooks/:id" element={<WebhookPage />} />
      <Route path="jobs" element={<JobsPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </Routes>
);

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename="/admin">
          <Routes>
            {/* Opened from emailed links, by anyone: no session, no setup check. */}
            <Route path="reset-password" element={<ResetPasswordPage />} />
            <Route path="verify-email" element={<VerifyEmailPage />} />
            <Route path="*" element={<AuthGate>{consoleRoutes}</AuthGate>} />
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
