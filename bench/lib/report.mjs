// The printed table and the target checks of the issue: Stagecraft at least 0.6× the
// baseline's req/s on every operation, p99 under 25 ms, the cursor page no slower than the
// first page (p50 within 10%).

export const TARGETS = { minRatio: 0.6, maxP99Ms: 25, cursorSlack: 1.1 };

const num = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export function table(operations, results) {
  const header = ['operation', 'stagecraft req/s', 'p50', 'p99', 'baseline req/s', 'p50', 'p99', 'ratio'];
  const rows = operations.map(({ name }) => {
    const s = results[name]?.stagecraft;
    const b = results[name]?.baseline;
    return [
      name,
      num(s?.rps),
      num(s?.p50, 1),
      num(s?.p99, 1),
      num(b?.rps),
      num(b?.p50, 1),
      num(b?.p99, 1),
      s && b ? `${num(s.rps / b.rps, 2)}×` : '—',
    ];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** One {target, operation, ok, detail} per check; checks whose inputs were not measured are left out. */
export function checks(operations, results) {
  const out = [];
  for (const { name } of operations) {
    const s = results[name]?.stagecraft;
    const b = results[name]?.baseline;
    if (s && b) {
      const ratio = s.rps / b.rps;
      out.push({
        target: `req/s ≥ ${TARGETS.minRatio}× baseline`,
        operation: name,
        ok: ratio >= TARGETS.minRatio,
        detail: `${ratio.toFixed(2)}× (${s.rps.toFixed(0)} vs ${b.rps.toFixed(0)} req/s)`,
      });
    }
    if (s) {
      out.push({
        target: `p99 < ${TARGETS.maxP99Ms} ms`,
        operation: name,
        ok: s.p99 < TARGETS.maxP99Ms,
        detail: `p99 ${s.p99.toFixed(1)} ms`,
      });
    }
  }
  const first = results.list?.stagecraft;
  const cursor = results.cursor_page?.stagecraft;
  if (first && cursor) {
    out.push({
      target: `cursor page p50 ≤ ${TARGETS.cursorSlack}× first page p50`,
      operation: 'cursor_page',
      ok: cursor.p50 <= first.p50 * TARGETS.cursorSlack,
      detail: `${cursor.p50.toFixed(1)} ms vs ${first.p50.toFixed(1)} ms`,
    });
  }
  for (const { name } of operations) {
    for (const server of ['stagecraft', 'baseline']) {
      const r = results[name]?.[server];
      if (r && (r.non2xx > 0 || r.errors > 0)) {
        out.push({
          target: 'no failed requests',
          operation: `${name} (${server})`,
          ok: false,
          detail: `${r.non2xx} non-2xx, ${r.errors} errors/timeouts; statuses ${JSON.stringify(r.statuses)}`,
        });
      }
    }
  }
  return out;
}

export function checkLines(list) {
  return list.map((c) => `${c.ok ? 'PASS' : 'MISS'}  ${c.target.padEnd(36)} ${c.operation.padEnd(22)} ${c.detail}`);
}
