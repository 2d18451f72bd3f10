// Reads the real shape of collection tables from pg_catalog, so schema tests assert on what
// PostgreSQL holds (types, NOT NULL, defaults, constraints, indexes), not on metadata.

import pg from 'pg';

export interface ColumnShape {
  name: string;
  /** As `format_type` renders it: `text`, `numeric(10,2)`, `text[]`, `timestamp with time zone`. */
  type: string;
  notNull: boolean;
  /** The default expression, or null. */
  default: string | null;
  /** Physical column number: kept by RENAME COLUMN, new for drop-and-add. */
  attnum: number;
}

export interface ConstraintShape {
  name: string;
  /** `p` primary key, `u` unique, `c` check, `f` foreign key. */
  kind: 'p' | 'u' | 'c' | 'f';
  definition: string;
  columns: string[];
  /** For foreign keys: the referenced table (schema-qualified) and the ON DELETE action. */
  references: string | null;
  onDelete: 'restrict' | 'cascade' | 'set_null' | 'no_action' | 'set_default' | null;
}

export interface IndexShape {
  name: string;
  method: string;
  unique: boolean;
  columns: string[];
  definition: string;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  constraints: ConstraintShape[];
  indexes: IndexShape[];
}

const ON_DELETE: Record<string, ConstraintShape['onDelete']> = {
  a: 'no_action',
  r: 'restrict',
  c: 'cascade',
  n: 'set_null',
  d: 'set_default',
};

export interface Catalog {
  readonly db: pg.Client;
  tableExists(table: string): Promise<boolean>;
  /** Table names in the `data` schema, sorted. */
  tables(): Promise<string[]>;
  columns(table: string): Promise<ColumnShape[]>;
  column(table: string, name: string): Promise<ColumnShape | undefined>;
  constraints(table: string): Promise<ConstraintShape[]>;
  indexes(table: string): Promise<IndexShape[]>;
  table(table: string): Promise<TableShape>;
  /** Every table of the `data` schema with its shape: compare two of these to prove nothing changed. */
  dataSchema(): Promise<TableShape[]>;
  schemaVersion(): Promise<number>;
  historyCount(): Promise<number>;
  close(): Promise<void>;
}

export async function openCatalog(databaseUrl: string): Promise<Catalog> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const relation = (table: string) => `"data"."${table.replaceAll('"', '""')}"`;

  const tableExists = async (table: string): Promise<boolean> => {
    const { rows } = await db.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [relation(table)]);
    return rows[0]?.found != null;
  };

  const tables = async (): Promise<string[]> => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'data' AND c.relkind IN ('r', 'p') ORDER BY c.relname COLLATE "C"`,
    );
    return rows.map((row) => row.name);
  };

  const columns = async (table: string): Promise<ColumnShape[]> => {
    const { rows } = await db.query<ColumnShape>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
              pg_get_expr(d.adbin, d.adrelid) AS default, a.attnum::int AS attnum
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [relation(table)],
    );
    return rows;
  };

  const constraints = async (table: string): Promise<ConstraintShape[]> => {
    const { rows } = await db.query<{
      name: string;
      kind: ConstraintShape['kind'];
      definition: string;
      columns: string[] | null;
      references: string | null;
      deltype: string;
    }>(
      `SELECT c.conname AS name, c.contype AS kind, pg_get_constraintdef(c.oid) AS definition,
              (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(num, ord)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num) AS columns,
              CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS references,
              c.confdeltype AS deltype
       FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype IN ('p', 'u', 'c', 'f')
       ORDER BY c.conname COLLATE "C"`,
      [relation(table)],
    );
    return rows.map((row) => ({
      name: row.name,
      kind: row.kind,
      definition: row.definition,
      columns: row.columns ?? [],
      references: row.references,
      onDelete: row.kind === 'f' ? (ON_DELETE[row.deltype] ?? null) : null,
    }));
  };

  const indexes = async (table: string): Promise<IndexShape[]> => {
    const { rows } = await db.query<IndexShape>(
      `SELECT ic.relname AS name, am.amname AS method, i.indisunique AS unique,
              (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY AS k(num, ord)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num) AS columns,
              pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
       WHERE i.indrelid = $1::regclass ORDER BY ic.relname COLLATE "C"`,
      [relation(table)],
    );
    return rows.map((row) => ({ ...row, columns: row.columns ?? [] }));
  };

  const table = async (name: string): Promise<TableShape> => ({
    name,
    columns: await columns(name),
    constraints: await constraints(name),
    indexes: await indexes(name),
  });

  return {
    db,
    tableExists,
    tables,
    columns,
    column: async (name, column) => (await columns(name)).find((c) => c.name === column),
    constraints,
    indexes,
    table,
    dataSchema: async () => {
      const shapes: TableShape[] = [];
      // One client runs one query at a time.
      for (const name of await tables()) shapes.push(await table(name));
      return shapes;
    },
    schemaVersion: async () => {
      const { rows } = await db.query<{ version: string }>('SELECT version FROM stagecraft.schema_state');
      return Number(rows[0]?.version);
    },
    historyCount: async () => {
      const { rows } = await db.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM stagecraft.schema_history',
      );
      return rows[0]?.count ?? 0;
    },
    close: () => db.end(),
  };
}

/** The constraint of `kind` on exactly `column` (e.g. its UNIQUE or its FOREIGN KEY). */
export function constraintOn(
  constraints: readonly ConstraintShape[],
  kind: ConstraintShape['kind'],
  column: string,
): ConstraintShape[] {
  return constraints.filter((c) => c.kind === kind && c.columns.length === 1 && c.columns[0] === column);
}

/** Indexes over exactly `column`. */
export function indexesOn(indexes: readonly IndexShape[], column: string): IndexShape[] {
  return indexes.filter((index) => index.columns.length === 1 && index.columns[0] === column);
}
