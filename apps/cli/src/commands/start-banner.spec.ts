import { localAddress } from './api-ready.js';
import { renderBanner, type BannerFacts } from './start-banner.js';

const facts: BannerFacts = {
  publicUrl: 'http://localhost:8080',
  consoleBuilt: true,
  graphiqlBuilt: true,
  needsSetup: true,
  host: '127.0.0.1',
  dataDir: './.data',
  colors: false,
};

describe('the development start-up banner', () => {
  it('says where everything is, that the first admin is missing, and who can connect', () => {
    expect(renderBanner(facts)).toBe(
      [
        '',
        '  Stagecraft is running (development)',
        '',
        '    Console   http://localhost:8080/admin/',
        '    API       http://localhost:8080/api/v1',
        '    GraphQL   http://localhost:8080/api/v1/graphql',
        '    GraphiQL  http://localhost:8080/api/graphql',
        '    Docs      http://localhost:8080/api/docs',
        '',
        '  No admin yet: open the console to create the first admin.',
        '  Only this machine can connect (HOST=127.0.0.1); set HOST=0.0.0.0 to let others in.',
        '  Ctrl-C stops Stagecraft; its data stays in ./.data.',
        '',
        '',
      ].join('\n'),
    );
  });

  it.each([
    { name: 'an admin exists', change: { needsSetup: false }, has: [], hasNot: ['No admin yet'] },
    {
      name: 'the console is not built',
      change: { consoleBuilt: false, graphiqlBuilt: false },
      has: [
        'Console   not built (npm run build)',
        'npm run stagecraft -- admin create',
        'GraphQL   http://localhost:8080/api/v1/graphql',
      ],
      hasNot: ['/admin/', 'GraphiQL'],
    },
    {
      name: 'the console was built without GraphiQL',
      change: { graphiqlBuilt: false },
      has: ['Console   http://localhost:8080/admin/', 'GraphQL   http://localhost:8080/api/v1/graphql'],
      hasNot: ['GraphiQL', '/api/graphql'],
    },
    {
      name: 'it listens on every interface before the first admin exists',
      change: { host: '0.0.0.0' },
      has: ['Listening on 0.0.0.0', 'anyone who can reach this port can become it'],
      hasNot: ['Only this machine'],
    },
    {
      name: 'it listens on every interface with an admin',
      change: { host: '0.0.0.0', needsSetup: false },
      has: ['Listening on 0.0.0.0'],
      hasNot: ['anyone who can reach'],
    },
  ])('adapts when $name', ({ change, has, hasNot }) => {
    const banner = renderBanner({ ...facts, ...change });
    for (const text of has) expect(banner).toContain(text);
    for (const text of hasNot) expect(banner).not.toContain(text);
  });
});

describe('localAddress', () => {
  it.each([
    ['0.0.0.0', 'http://127.0.0.1:8080'],
    ['::', 'http://127.0.0.1:8080'],
    ['127.0.0.1', 'http://127.0.0.1:8080'],
    ['::1', 'http://[::1]:8080'],
    ['192.168.1.20', 'http://192.168.1.20:8080'],
  ])('reaches a server listening on %s at %s', (host, url) => {
    expect(localAddress(host, 8080)).toBe(url);
  });
});
