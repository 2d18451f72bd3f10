// The console frame: header with the account menu, a navigation bar listing the collections
// (then access and automation), and the page. On a phone the navigation folds behind a burger.
// Users who are not admins, and sessions that must first set up a second factor, only get their
// own account page.
import {
  Anchor,
  AppShell,
  Badge,
  Burger,
  Button,
  Divider,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Skeleton,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { Link, Navigate, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { LoadingBlock } from '../../components/loading-block';
import { useMeQuery } from '../../data/auth/me-query';
import { useSignOutMutation } from '../../data/auth/sign-out-mutation';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import { useSession } from '../auth/use-session';
import { ColorSchemeToggle, FollowSystemSchemeItem } from './color-scheme-toggle';
import { SkipLink, MAIN_CONTENT_ID } from './skip-link';

function CollectionLinks({ onNavigate }: { onNavigate: () => void }) {
  const collections = useCollectionsQuery();
  if (collections.isPending) return <Skeleton height={60} aria-label="Loading collections" />;
  if (collections.isError)
    return (
      <Text size="xs" c="red">
        Collections could not be loaded
      </Text>
    );
  const sorted = [...collections.data].sort(
    (a, b) => Number(a.system) - Number(b.system) || a.name.localeCompare(b.name),
  );
  return (
    <>
      {sorted.map((collection) => (
        <NavLink
          key={collection.id}
          component={RouterNavLink}
          to={`/collections/${collection.name}/records`}
          label={collection.name}
          onClick={onNavigate}
          rightSection={
            collection.system ? (
              <Badge size="xs" variant="light" color="gray">
                system
              </Badge>
            ) : undefined
          }
          ff="monospace"
          fz="sm"
        />
      ))}
    </>
  );
}

const ACCOUNT_PATH = '/account';

function AdminNavigation({ onNavigate }: { onNavigate: () => void }) {
  return (
    <>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>
        Data
      </Text>
      <NavLink component={RouterNavLink} to="/collections" end label="All collections" onClick={onNavigate} />
      <CollectionLinks onNavigate={onNavigate} />
      <Divider my="sm" />
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pb={4}>
        Access
      </Text>
      <NavLink component={RouterNavLink} to="/users" label="Users" onClick={onNavigate} />
      <NavLink component={RouterNavLink} to="/mailbox" label="Mailbox" onClick={onNavigate} />
      <NavLink component={RouterNavLink} to="/api-keys" label="API keys" onClick={onNavigate} />
      <NavLink component={RouterNavLink} to="/settings/sign-in" label="Sign-in providers" onClick={onNavigate} />
      <Divider my="sm" />
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pb={4}>
        Automation
      </Text>
      <NavLink component={RouterNavLink} to="/webhooks" label="Webhooks" onClick={onNavigate} />
      <NavLink component={RouterNavLink} to="/functions" label="Functions" onClick={onNavigate} />
      <NavLink component={RouterNavLink} to="/function-secrets" label="Function secrets" onClick={onNavigate} />
      <NavLink component={RouterNavLink} to="/jobs" label="Jobs" onClick={onNavigate} />
    </>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const current = useSession();
  const me = useMeQuery();
  const signOut = useSignOutMutation();
  useEffect(close, [location.pathname, close]);

  const email = me.data?.email ?? current?.user?.email ?? '';
  const role = me.data?.role ?? current?.user?.role;
  // Until the role is known (an old stored session) nothing is restricted; the server decides anyway.
  const restricted = current?.mfaEnrollmentRequired === true || (role !== undefined && role !== 'admin');
  const onAccountPage = location.pathname === ACCOUNT_PATH;

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Anchor component={RouterNavLink} to="/collections" underline="never" c="inherit">
              <Text fw={700} size="lg">
                Stage
                <Text span c="indigo" inherit>
                  craft
                </Text>
              </Text>
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button
              component="a"
              href="/api/docs"
              target="_blank"
              rel="noreferrer"
              variant="subtle"
              size="xs"
              visibleFrom="xs"
            >
              API docs ↗
            </Button>
            <ColorSchemeToggle />
            {/* Not portalled: the open menu stays inside the header's banner landmark. */}
            <Menu position="bottom-end" withinPortal={false}>
              <Menu.Target>
                {/* Named by the email it shows (a name that hides visible text fails WCAG 2.5.3). */}
                <UnstyledButton aria-label={email ? `Account menu: ${email}` : 'Account menu'}>
                  <Text size="sm" truncate maw={200}>
                    {email || 'Account'} <span aria-hidden="true">▾</span>
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{email}</Menu.Label>
                <Menu.Item component={Link} to={ACCOUNT_PATH}>
                  Account and security
                </Menu.Item>
                <Menu.Item component="a" href="/api/docs" target="_blank" rel="noreferrer">
                  API docs
                </Menu.Item>
                <FollowSystemSchemeItem />
                <Menu.Item onClick={() => signOut.mutate()}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {restricted ? (
            <NavLink component={RouterNavLink} to={ACCOUNT_PATH} label="Account and security" onClick={close} />
          ) : (
            <AdminNavigation onNavigate={close} />
          )}
        </AppShell.Section>
        <AppShell.Section>
          <Divider my="xs" />
          <NavLink
            component="a"
            href="/api/docs"
            target="_blank"
            rel="noreferrer"
            label="API docs ↗"
            description="Swagger UI of this instance"
          />
        </AppShell.Section>
      </AppShell.Navbar>

      {/* The skip link's target: focusable from script only. */}
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        {restricted && !onAccountPage ? (
          <Navigate to={ACCOUNT_PATH} replace />
        ) : (
          // Pages are fetched on first visit (lazy-page.ts); the layout stays while one loads.
          <Suspense fallback={<LoadingBlock label="Loading page" />}>
            <Outlet />
          </Suspense>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
