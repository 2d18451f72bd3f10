// The comparison behind a schema document's function actions: what changes, what deploys a new
// version, what is deleted, and in which order.

import { DEFAULT_SETTINGS } from './function.types.js';
import { functionActions, type FunctionDocument } from './functions-document.js';

const fn = (name: string, changes: Partial<FunctionDocument> = {}): FunctionDocument => ({
  name,
  description: null,
  language: 'typescript',
  source: 'export default async () => 1',
  triggers: { http: { rule: '' } },
  settings: DEFAULT_SETTINGS,
  ...changes,
});

const actionsOf = (current: FunctionDocument[], wanted: FunctionDocument[]) =>
  functionActions(current, wanted).map(({ action }) => action);

describe('functionActions', () => {
  it('creates a function the instance lacks: every part, version 1', () => {
    expect(actionsOf([], [fn('notify')])).toEqual([
      {
        type: 'create',
        name: 'notify',
        changes: ['description', 'language', 'source', 'triggers', 'settings'],
        new_version: true,
        destructive: false,
        description: 'create function "notify" and deploy its first version',
      },
    ]);
  });

  it('leaves an equal function alone, whatever the key order of its triggers and settings', () => {
    const stored = fn('notify', {
      triggers: { events: [{ on: ['create'], condition: null, collection: 'orders' }], http: { rule: null } },
      settings: { ...DEFAULT_SETTINGS, secrets: ['TOKEN'] },
    });
    const wanted = fn('notify', {
      triggers: { http: { rule: null }, events: [{ collection: 'orders', on: ['create'], condition: null }] },
      settings: { allowed_hosts: [], run_as_admin: false, secrets: ['TOKEN'], memory_mb: 64, timeout_ms: 5000 },
    });
    expect(actionsOf([stored], [wanted])).toEqual([]);
  });

  it.each<[string, Partial<FunctionDocument>, string[], boolean]>([
    ['a description', { description: 'Sends mail' }, ['description'], false],
    ['triggers', { triggers: {} }, ['triggers'], false],
    ['settings', { settings: { ...DEFAULT_SETTINGS, timeout_ms: 1000 } }, ['settings'], false],
    ['the source', { source: 'export default async () => 2' }, ['source'], true],
    ['the language', { language: 'javascript' }, ['language'], true],
    ['the source and the triggers', { source: 'export default 3', triggers: {} }, ['source', 'triggers'], true],
  ])('updates %s: only the parts that differ', (_what, changes, parts, newVersion) => {
    const [action] = actionsOf([fn('notify')], [fn('notify', changes)]);
    expect(action).toMatchObject({ type: 'update', name: 'notify', changes: parts, new_version: newVersion });
    expect(action?.description).toBe(
      `update function "notify": ${parts.join(', ')}${newVersion ? ' (deploys a new version)' : ''}`,
    );
  });

  it('deletes what the document leaves out (destructive), after the creates and updates, each by name', () => {
    const current = [fn('zeta'), fn('gone_b'), fn('alpha'), fn('gone_a')];
    const wanted = [fn('zeta', { description: 'z' }), fn('beta'), fn('alpha')];
    expect(actionsOf(current, wanted).map((action) => [action.type, action.name, action.destructive])).toEqual([
      ['create', 'beta', false],
      ['update', 'zeta', false],
      ['delete', 'gone_a', true],
      ['delete', 'gone_b', true],
    ]);
  });
});
