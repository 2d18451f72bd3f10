// Lints an OpenAPI document with Spectral: the ruleset in .spectral.yaml (Spectral's OpenAPI
// rules and the OWASP API Security rules), less the waivers in .spectral-exceptions.yaml.
//
//   npm run lint:openapi                        the running instance (PORT, default 8080)
//   npm run lint:openapi -- <url | file.json>   another document
//   --json                                      machine-readable output (used by the CI test)
//
// Exits 1 when an error or warning is left that no exception waives. An exception names the
// rule, the places it covers (`at`) and why; `*` in a place matches within one key, `**` across
// keys, and a place also covers everything under it.

import { readFile } from 'node:fs/promises';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Spectral ships CommonJS without named exports Node can detect.
const require = createRequire(import.meta.url);
const { Spectral, Document } = require('@stoplight/spectral-core');
const { Json, parseYaml } = require('@stoplight/spectral-parsers');
const { bundleAndLoadRuleset } = require('@stoplight/spectral-ruleset-bundler/with-loader');
const { commonjs } = require('@stoplight/spectral-ruleset-bundler/plugins/commonjs');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RULESET_FILE = resolve(ROOT, '.spectral.yaml');
const EXCEPTIONS_FILE = resolve(ROOT, '.spectral-exceptions.yaml');
const SEVERITIES = ['error', 'warning', 'info', 'hint'];
/** Errors and warnings fail the lint; information and hints are printed only with --json. */
const FAILING = new Set(['error', 'warning']);

/** A place pattern as a regular expression over a dotted path; it also matches what lies under it. */
function placePattern(place) {
  const source = place
    .split(/(\*\*|\*)/)
    .map((part) => {
      if (part === '**') return '.*';
      if (part === '*') return '[^.]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}(\\..*)?$`, 's');
}

async function loadExceptions(file) {
  const { data, diagnostics } = parseYaml(await readFile(file, 'utf8'));
  if (diagnostics.length > 0 || !Array.isArray(data)) {
    throw new Error(`${file}: not a YAML list of exceptions (${diagnostics.map((d) => d.message).join('; ')})`);
  }
  return data.map((entry, index) => {
    const valid =
      typeof entry?.rule === 'string' &&
      typeof entry.why === 'string' &&
      entry.why.trim() !== '' &&
      Array.isArray(entry.at) &&
      entry.at.length > 0 &&
      entry.at.every((place) => typeof place === 'string');
    if (!valid) throw new Error(`${file}: exception ${index + 1} needs a rule, a why and a list of places (at)`);
    return {
      rule: entry.rule,
      why: entry.why,
      places: entry.at.map((at) => ({ at, pattern: placePattern(at), used: false })),
    };
  });
}

/**
 * Lints a parsed document. Returns the findings no exception waives, the waived ones, and the
 * places of exceptions that waived nothing (stale, unless the document lacks what they cover).
 */
async function lintOpenApi(document, { ruleset = RULESET_FILE, exceptions = EXCEPTIONS_FILE } = {}) {
  const spectral = new Spectral();
  spectral.setRuleset(await bundleAndLoadRuleset(ruleset, { fs, fetch: globalThis.fetch }, [commonjs()]));
  const waivers = await loadExceptions(exceptions);
  const results = await spectral.run(new Document(JSON.stringify(document), Json, 'openapi.json'));
  const findings = [];
  const waived = [];
  for (const result of results) {
    const finding = {
      rule: String(result.code),
      severity: SEVERITIES[result.severity] ?? String(result.severity),
      path: result.path.join('.'),
      message: result.message,
    };
    const places = waivers
      .filter((waiver) => waiver.rule === finding.rule)
      .flatMap((waiver) => waiver.places.filter((place) => place.pattern.test(finding.path)));
    for (const place of places) place.used = true;
    if (places.length > 0) waived.push(finding);
    else findings.push(finding);
  }
  return {
    findings: findings.filter((finding) => FAILING.has(finding.severity)),
    notes: findings.filter((finding) => !FAILING.has(finding.severity)),
    waived,
    unusedExceptions: waivers.flatMap(({ rule, places }) =>
      places.filter((place) => !place.used).map(({ at }) => ({ rule, at })),
    ),
  };
}

async function readDocument(source) {
  if (/^https?:\/\//.test(source)) {
    const response = await globalThis.fetch(source);
    if (!response.ok) throw new Error(`GET ${source} answered ${response.status}`);
    return response.json();
  }
  return JSON.parse(await readFile(source, 'utf8'));
}

async function main(args) {
  const json = args.includes('--json');
  const source =
    args.find((arg) => !arg.startsWith('--')) ?? `http://127.0.0.1:${process.env.PORT ?? '8080'}/api/docs/openapi.json`;
  const report = await lintOpenApi(await readDocument(source));
  if (json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const finding of report.findings) {
      console.log(`${finding.severity} ${finding.rule} at ${finding.path}: ${finding.message}`);
    }
    for (const { rule, at } of report.unusedExceptions) {
      console.log(`note: the exception for ${rule} at ${at} waived nothing here`);
    }
    console.log(
      `${source}: ${report.findings.length} finding(s) left, ${report.waived.length} waived by ${EXCEPTIONS_FILE.slice(ROOT.length + 1)}`,
    );
  }
  return report.findings.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // exitCode, not exit(): a large report on a pipe is still being written.
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
