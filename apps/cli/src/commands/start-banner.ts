// The short note `npm start` prints in development once the API answers: where the console,
// the API, GraphQL and the docs are, whether the first admin is still to be created, and who can connect.

export interface BannerFacts {
  readonly publicUrl: string;
  /** Whether the console was built (the API serves it only then). */
  readonly consoleBuilt: boolean;
  /** Whether GraphiQL was built beside the console (the API serves it at /api/graphql only then). */
  readonly graphiqlBuilt: boolean;
  /** Undefined when the API could not tell. */
  readonly needsSetup: boolean | undefined;
  /** The interface the API listens on. */
  readonly host: string;
  readonly dataDir: string;
  /** Whether stdout is a terminal, for a little emphasis. */
  readonly colors: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function renderBanner(facts: BannerFacts): string {
  const bold = (text: string): string => (facts.colors ? `\u001b[1m${text}\u001b[0m` : text);
  const url = facts.publicUrl;
  const lines = [
    '',
    bold('  Stagecraft is running (development)'),
    '',
    `    Console   ${facts.consoleBuilt ? `${url}/admin/` : 'not built (npm run build)'}`,
    `    API       ${url}/api/v1`,
    `    GraphQL   ${url}/api/v1/graphql`,
    ...(facts.graphiqlBuilt ? [`    GraphiQL  ${url}/api/graphql`] : []),
    `    Docs      ${url}/api/docs`,
    '',
  ];
  if (facts.needsSetup) {
    lines.push(
      facts.consoleBuilt
        ? bold('  No admin yet: open the console to create the first admin.')
        : bold('  No admin yet: create one with npm run stagecraft -- admin create --email E --password P'),
    );
  }
  const local = LOOPBACK.has(facts.host);
  lines.push(
    local
      ? `  Only this machine can connect (HOST=${facts.host}); set HOST=0.0.0.0 to let others in.`
      : `  Listening on ${facts.host}: other machines on your network can connect.`,
  );
  if (!local && facts.needsSetup) {
    lines.push('  Until the first admin exists, anyone who can reach this port can become it.');
  }
  lines.push(`  Ctrl-C stops Stagecraft; its data stays in ${facts.dataDir}.`, '');
  return `${lines.join('\n')}\n`;
}
