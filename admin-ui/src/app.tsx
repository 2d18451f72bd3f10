// Providers (theme, queries, notifications, router) and the route table under /admin.
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthGate } from './features/auth/auth-gate';
import { CollectionPage } from './features/collections/collection-page';
import { CollectionsPage } from './features/collections/collections-page';
import { AppLayout } from './features/layout/app-layout';
import { NotFoundPage } from './features/layout/not-found-page';
import { ApiKeysPage } from './features/api-keys/api-keys-page';
import { UsersPage } from './features/users/users-page';
import { createQueryClient } from './query-client';
import { theme } from './theme';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename="/admin">
          <AuthGate>
            <Routes>
              <Route element={<AppLayout />}>
                <Route index element={<Navigate to="/collections" replace />} />
                <Route path="collections" element={<CollectionsPage />} />
                <Route path="collections/:name" element={<Navigate to="records" replace />} />
                <Route path="collections/:name/:tab" element={<CollectionPage />} />
                <Route path="users" element={<UsersPage />} />
                <Route path="api-keys" element={<ApiKeysPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </AuthGate>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
