// `stagecraft gen types --out FILE [--url URL --api-key KEY | --from-snapshot FILE]`: writes the
// declarations that type @stagecraft/client (`createClient<Schema>(url)`) from collection
// metadata: a running server's GET /api/v1/collections (an admin API key) or a schema snapshot
// (`stagecraft schema export`, GET /api/v1/schema/snapshot). Never from the database's tables.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { collectionsOf, generateClientTypes } from '@stagecraft/client-codegen';

const USAGE = 'Usage: stagecraft gen types --out FILE [--url URL --api-key KEY | --from-snapshot FILE]';

/** The server of `npm start` on this machine, unless told otherwise. */
const defaultUrl = (): string => process.env.STAGECRAFT_URL ?? `http://localhost:${process.env.PORT ?? '8080'}`;

async function fetchMetadata(url: string, apiKey: string | undefined): Promise<unknown> {
  const endpoint = `${url.replace(/\/+$/, '')}/api/v1/collections`;
  let response: Response;
  try {
    response = await fetch(endpoint, { headers: apiKey ? { 'x-api-key': apiKey } : {} });
  } catch (error) {
    throw new Error(`Cannot reach ${endpoint} (${(error as Error).message}): is the server running?`, { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as { code?: string; detail?: string } | undefined;
  if (!response.ok) {
    const why = body?.detail ?? `HTTP ${response.status}`;
    const hint =
      response.status === 401 || response.status === 403
        ? ' Collection metadata is for admins: pass an admin API key with --api-key (or STAGECRAFT_API_KEY).'
        : '';
    throw new Error(`GET ${endpoint} answered ${response.status} ${body?.code ?? ''}: ${why}.${hint}`);
  }
  return body;
}

export async function genTypesCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      'from-snapshot': { type: 'string' },
    },
  });
  // Registered as `gen types`; called as `gen` with `types` left in the arguments, it works too.
  const extra = positionals.filter((word) => word !== 'types');
  if (!values.out || extra.length > 0 || (values['from-snapshot'] && values.url)) throw new Error(USAGE);
  const snapshot = values['from-snapshot'];
  const document = snapshot
    ? (JSON.parse(await readFile(snapshot, 'utf8')) as unknown)
    : await fetchMetadata(values.url ?? defaultUrl(), values['api-key'] ?? process.env.STAGECRAFT_API_KEY);
  const collections = collectionsOf(document);
  const out = resolve(values.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, generateClientTypes(collections));
  process.stdout.write(`Wrote the types of ${collections.length} collection(s) to ${out}.\n`);
}
