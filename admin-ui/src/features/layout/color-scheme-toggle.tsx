// Light or dark: a header button flips the theme on show (a choice that is remembered, see
// color-scheme.ts), and the account menu then offers to follow the operating system again.
import { ActionIcon, Menu, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';

export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const dark = computed === 'dark';
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="lg"
      aria-label="Dark theme"
      aria-pressed={dark}
      title={dark ? 'Use the light theme' : 'Use the dark theme'}
      onClick={() => setColorScheme(dark ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{dark ? '☀' : '☾'}</span>
    </ActionIcon>
  );
}

/** In the account menu once a theme was chosen: back to the operating system's preference. */
export function FollowSystemSchemeItem() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  if (colorScheme === 'auto') return null;
  return <Menu.Item onClick={() => setColorScheme('auto')}>Use the system theme</Menu.Item>;
}
