// The statements every delivery runs (read it, log the try, write its outcome) go to PostgreSQL
// as named prepared statements: each pooled connection parses and plans them once, instead of
// once per delivery. The names are fixed here, one per text.

import { masterPool } from '@stagecraft/database';
import type { QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

export async function runNamed<T extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  const result = await masterPool(dataSource).query<T>({ name: `sc_webhooks_${name}`, text, values: [...values] });
  return result.rows;
}
