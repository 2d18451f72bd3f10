// Tab-separated text as spreadsheets put it on the clipboard: cells with a tab, a newline or a
// quote are quoted and inner quotes doubled (Excel, LibreOffice, Google Sheets alike).

/** Rows of cells; a trailing newline adds no empty row. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const input = text.replace(/\r\n?/g, '\n');
  let atCellStart = true;
  while (i < input.length) {
    const char = input[i] as string;
    if (atCellStart && char === '"') {
      // A quoted cell runs to the next quote that is not doubled.
      let end = i + 1;
      let value = '';
      while (end < input.length) {
        if (input[end] === '"') {
          if (input[end + 1] === '"') {
            value += '"';
            end += 2;
            continue;
          }
          break;
        }
        value += input[end];
        end += 1;
      }
      const next = input[end + 1];
      if (end < input.length && (next === undefined || next === '\t' || next === '\n')) {
        cell = value;
        i = end + 1;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell: the quote is a plain character.
    }
    atCellStart = false;
    if (char === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (char === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += char;
    }
    i += 1;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function quoteCell(cell: string): string {
  return /[\t\n\r"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteCell).join('\t')).join('\n');
}
