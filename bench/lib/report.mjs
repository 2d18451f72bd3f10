// The printed tables and the target checks of the issue, from matched rounds: in each round
// both servers ran the operation one after the other, and the ratio is Stagecraft's 2xx req/s
// over the floor's in that round.
//
// Targets: writes (create, patch, delete) ≥ 0.6× the floor and reads (get, list, cursor page)
// ≥ 0.75× in every round; Stagecraft p99 < 25 ms for get, list, create and patch; the API's
// RSS under 200 MiB; wrk under 25 % of a core; no failed request on either server.

export const TARGETS = {
  ratio: { create: 0.6, patch: 0.6, delete: 0.6, get: 0.75, list: 0.75, cursor_page: 0.75 },
  p99Ms: { get: 25, list: 25, create: 25, patch: 25 },
  rssMiB: 200,
  wrkCpu: 0.25,
};

const num = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const ratios = (rounds) => rounds.map((round) => round.stagecraft.rps / round.baseline.rps);

function render(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** One row per operation and round, then the ratio's minimum and median over the rounds. */
export function table(results) {
  const rows = [];
  for (const [name, { rounds }] of Object.entries(results)) {
    rounds.forEach(({ stagecraft: s, baseline: b }, index) => {
      rows.push([
        index === 0 ? name : '',
        String(index + 1),
        num(s.rps),
        num(s.p50, 1),
        num(s.p99, 1),
        num(b.rps),
        num(b.p50, 1),
        num(b.p99, 1),
        `${num(s.rps / b.rps, 2)}×`,
      ]);
    });
    const r = ratios(rounds);
    rows.push(['', 'min/med', '', '', '', '', '', '', `${num(Math.min(...r), 2)}× / ${num(median(r), 2)}×`]);
  }
  return render(['operation', 'round', 'stagecraft req/s', 'p50', 'p99', 'floor req/s', 'p50', 'p99', 'ratio'], rows);
}

/** Each server's CPU per request, the API's memory and wrk's CPU in each measurement. */
export function resourcesTable(results) {
  const rows = Object.entries(results).map(([name, { rounds }]) => [
    name,
    rounds.map((round) => num(round.stagecraft.serverCpuMsPerRequest, 3)).join(', '),
    rounds.map((round) => num(round.baseline.serverCpuMsPerRequest, 3)).join(', '),
    num(Math.max(...rounds.map((round) => round.stagecraft.serverRssMiB))),
    rounds.map((round) => `${num(round.stagecraft.wrkCpu * 100)} %`).join(', '),
    rounds.map((round) => `${num(round.baseline.wrkCpu * 100)} %`).join(', '),
  ]);
  return render(
    ['operation', 'API CPU ms/req', 'floor CPU ms/req', 'API max RSS MiB', 'wrk CPU (stagecraft)', 'wrk CPU (floor)'],
    rows,
  );
}

/** One {target, operation, ok, detail} per check; operations not measured are left out. */
export function checks(results) {
  const out = [];
  for (const [name, { rounds }] of Object.entries(results)) {
    const minRatio = TARGETS.ratio[name];
    if (minRatio !== undefined) {
      const r = ratios(rounds);
      out.push({
        target: `req/s ≥ ${minRatio}× floor, every round`,
        operation: name,
        ok: Math.min(...r) >= minRatio,
        detail: r.map((value) => `${value.toFixed(2)}×`).join(', '),
      });
    }
    const maxP99 = TARGETS.p99Ms[name];
    if (maxP99 !== undefined) {
      const worst = Math.max(...rounds.map((round) => round.stagecraft.p99));
      out.push({
        target: `p99 < ${maxP99} ms`,
        operation: name,
        ok: worst < maxP99,
        detail: `worst ${worst.toFixed(1)} ms`,
      });
    }
    const rss = Math.max(...rounds.map((round) => round.stagecraft.serverRssMiB));
    out.push({
      target: `API RSS < ${TARGETS.rssMiB} MiB`,
      operation: name,
      ok: rss < TARGETS.rssMiB,
      detail: `${rss.toFixed(0)} MiB`,
    });
    const cpu = Math.max(...rounds.flatMap((round) => [round.stagecraft.wrkCpu, round.baseline.wrkCpu]));
    out.push({
      target: `wrk CPU < ${TARGETS.wrkCpu * 100} % of a core`,
      operation: name,
      ok: cpu < TARGETS.wrkCpu,
      detail: `at most ${(cpu * 100).toFixed(0)} %`,
    });
    for (const server of ['stagecraft', 'baseline']) {
      const failed = rounds.reduce((sum, round) => sum + round[server].non2xx + round[server].errors, 0);
      if (failed > 0)
        out.push({
          target: 'no failed requests',
          operation: `${name} (${server})`,
          ok: false,
          detail: `${failed} failed`,
        });
    }
  }
  return out;
}

export function checkLines(list) {
  return list.map((c) => `${c.ok ? 'PASS' : 'MISS'}  ${c.target.padEnd(34)} ${c.operation.padEnd(22)} ${c.detail}`);
}
