// The console's light/dark preference: the operating system's until the user picks one, then
// the pick, kept in localStorage. public/color-scheme.js applies it before the first paint and
// GraphiQL reads the same key.
// No runtime import of Mantine: GraphiQL's bundle reads this too.
import type { MantineColorScheme } from '@mantine/core';

/** Also spelled out in public/color-scheme.js, which runs before any bundle. */
export const COLOR_SCHEME_KEY = 'stagecraft.color-scheme';

/** The stored preference; 'auto' (follow the system) when none or an unknown value is stored. */
export function storedColorScheme(storage: Pick<Storage, 'getItem'> = window.localStorage): MantineColorScheme {
  try {
    const value = storage.getItem(COLOR_SCHEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'auto';
  } catch {
    return 'auto'; // storage refused (a privacy mode): follow the system
  }
}
