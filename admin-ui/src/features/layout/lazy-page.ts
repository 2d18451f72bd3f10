// Each console screen is its own chunk, fetched the first time it is opened: the first paint
// (sign-in, the layout) does not wait for the schema designer, the records table or the jobs
// screens. Pages keep their named exports; this adapts them to React.lazy.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

type Page = ComponentType<object>;

export function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, Page>>,
  name: Name,
): LazyExoticComponent<Page> {
  return lazy(async (): Promise<{ default: Page }> => ({ default: (await load())[name] }));
}
