// Rows of a prepared read built by a function made once for the statement's columns. pg works
// the columns out again for every query (a null-prototype object filled name by name, then
// copied) and builds each row by copying that object and storing each value under a computed
// name. Shared by every statement of the process, those sites see many shapes and V8 runs them
// on its slow paths: for a get, a fifth of the API's time in pg went there, against a
// hand-written server's one shape. A shape's function is one object literal with the columns
// as keys, so each statement's rows share one hidden class and take no lookups to build.

/** A column of a result as pg-protocol describes it (a RowDescription's field). */
export interface ColumnDescription {
  readonly name: string;
  readonly dataTypeID: number;
  readonly format?: string;
}

type ValueParser = (text: string) => unknown;

/** pg's type registry, or a client's own (`types` in a client's config). */
export interface TypeParsers {
  getTypeParser(oid: number, format?: string): ValueParser;
}

type BuildRow = (values: readonly (string | null)[], parsers: readonly ValueParser[]) => Record<string, unknown>;

/** Statements' shapes kept: the prepared statements' own bound (MAX_NAMES) with room to spare. */
const SHAPES_KEPT = 4000;

export class RowShape {
  private constructor(
    private readonly columns: readonly ColumnDescription[],
    private readonly parsers: readonly ValueParser[],
    private readonly build: BuildRow,
  ) {}

  /**
   * The shape of `columns`, or undefined where pg's own row building must stay: a binary column
   * (pg hands those to the parser as a Buffer) or a column named `__proto__`, which an object
   * literal would take as the prototype.
   */
  static of(columns: readonly ColumnDescription[], types: TypeParsers): RowShape | undefined {
    if (columns.some((column) => column.format === 'binary' || column.name === '__proto__')) return undefined;
    const parsers = columns.map((column) => types.getTypeParser(column.dataTypeID, 'text'));
    // Names go in as JSON string literals: any text is a valid, inert key. A repeated name keeps
    // its last column's value, as pg's rows do.
    const properties = columns.map(
      (column, index) =>
        `${JSON.stringify(column.name)}: values[${index}] === null ? null : parsers[${index}](values[${index}])`,
    );
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from column names only, each a JSON string literal
    const build = new Function('values', 'parsers', `return { ${properties.join(', ')} };`) as BuildRow;
    return new RowShape(
      columns.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
      parsers,
      build,
    );
  }

  /** True when `columns` are this shape's: the same names and types, in the same order. */
  describes(columns: readonly ColumnDescription[]): boolean {
    if (columns.length !== this.columns.length) return false;
    for (let index = 0; index < columns.length; index += 1) {
      const own = this.columns[index] as ColumnDescription;
      const column = columns[index] as ColumnDescription;
      if (column.dataTypeID !== own.dataTypeID || column.name !== own.name || column.format === 'binary') return false;
    }
    return true;
  }

  /** A row of a DataRow's values (text, or null for SQL NULL). */
  row(values: readonly (string | null)[]): Record<string, unknown> {
    return this.build(values, this.parsers);
  }
}

/** Row shapes by prepared statement name, made on a statement's first result. */
export class RowShapes {
  private readonly shapes = new Map<string, RowShape | null>();

  /** The shape of `statement`'s rows, checked against the columns its result has now. */
  shapeOf(statement: string, columns: readonly ColumnDescription[], types: TypeParsers): RowShape | undefined {
    const known = this.shapes.get(statement);
    if (known !== undefined && (known === null || known.describes(columns))) return known ?? undefined;
    const shape = RowShape.of(columns, types);
    if (this.shapes.size >= SHAPES_KEPT) this.shapes.clear();
    this.shapes.set(statement, shape ?? null);
    return shape;
  }
}
