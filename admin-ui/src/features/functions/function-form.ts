// A function as its form holds it (source, description, language, triggers and settings), and
// the bodies the API takes: everything on create; on edit only what changed, so a deploy that
// only changes a setting makes no new version, and a new source or language makes exactly one.
import { ApiError, type ExpressionIssue, type FieldProblem } from '../../api';
import type { FunctionLanguage } from '../../data/functions/functions-query';
import {
  emptyTriggerFields,
  recordTriggersOf,
  sameTriggers,
  triggerFieldsOf,
  type RecordTriggersBody,
  type SavedTriggers,
  type TriggerFields,
} from './trigger-form';

export const FUNCTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
export const LANGUAGES: readonly { value: FunctionLanguage; label: string }[] = [
  { value: 'typescript', label: 'TypeScript' },
  { value: 'javascript', label: 'JavaScript' },
];

/** Who may call the HTTP trigger: the rule null, "", or an expression. */
export type RuleMode = 'admins' | 'anyone' | 'expression';

export interface FunctionForm extends TriggerFields {
  /** Create only: a function is renamed by no one. */
  name: string;
  description: string;
  language: FunctionLanguage;
  source: string;
  http: boolean;
  ruleMode: RuleMode;
  /** The expression, when `ruleMode` is `expression`. */
  rule: string;
  /** Mantine's NumberInput: a number, or '' while empty. */
  timeoutMs: number | string;
  memoryMb: number | string;
  secrets: string[];
  runAsAdmin: boolean;
  allowedHosts: string[];
}

export interface SavedFunction {
  description: string | null;
  triggers: SavedTriggers;
  settings: {
    timeout_ms: number;
    memory_mb: number;
    secrets: string[];
    run_as_admin: boolean;
    allowed_hosts: string[];
  };
  version: { language: FunctionLanguage; source: string };
}

export interface FunctionSettingsBody {
  timeout_ms: number;
  memory_mb: number;
  secrets: string[];
  run_as_admin: boolean;
  allowed_hosts: string[];
}

export interface FunctionTriggersBody extends RecordTriggersBody {
  http?: { rule: string | null };
}

export interface CreateFunctionBody {
  name: string;
  description: string | null;
  language: FunctionLanguage;
  source: string;
  triggers: FunctionTriggersBody;
  settings: FunctionSettingsBody;
}

export type FunctionChanges = Partial<Omit<CreateFunctionBody, 'name'>>;

/** What a new function starts with: the server's defaults and a function that shows the shape. */
export const STARTER_SOURCE = `// Called through its triggers (HTTP, record events, before writes, a schedule) or the Test panel.
// ctx: request, event, caller, log, records, secrets, fetch, reject (Ctrl-Space lists them).
export default async (ctx) => {
  ctx.log.info('called by', ctx.caller?.id ?? 'anonymous');
  return { hello: ctx.request?.query.name ?? 'world' };
};
`;

export function emptyFunctionForm(): FunctionForm {
  return {
    name: '',
    description: '',
    language: 'typescript',
    source: STARTER_SOURCE,
    http: false,
    ruleMode: 'admins',
    rule: '',
    timeoutMs: 5000,
    memoryMb: 64,
    secrets: [],
    runAsAdmin: false,
    allowedHosts: [],
    ...emptyTriggerFields(),
  };
}

export function ruleModeOf(rule: string | null): RuleMode {
  if (rule === null) return 'admins';
  return rule === '' ? 'anyone' : 'expression';
}

export function functionFormOf(fn: SavedFunction & { name?: string }): FunctionForm {
  const rule = fn.triggers.http?.rule ?? null;
  return {
    name: fn.name ?? '',
    description: fn.description ?? '',
    language: fn.version.language,
    source: fn.version.source,
    http: fn.triggers.http !== undefined,
    ruleMode: ruleModeOf(rule),
    rule: rule ?? '',
    timeoutMs: fn.settings.timeout_ms,
    memoryMb: fn.settings.memory_mb,
    secrets: [...fn.settings.secrets],
    runAsAdmin: fn.settings.run_as_admin,
    allowedHosts: [...fn.settings.allowed_hosts],
    ...triggerFieldsOf(fn.triggers),
  };
}

function ruleOf(form: FunctionForm): string | null {
  switch (form.ruleMode) {
    case 'admins':
      return null;
    case 'anyone':
      return '';
    case 'expression':
      return form.rule.trim();
  }
}

export function triggersOf(form: FunctionForm): FunctionTriggersBody {
  return { ...(form.http && { http: { rule: ruleOf(form) } }), ...recordTriggersOf(form) };
}

/** A number field's value; NaN when empty or not a number (the form refuses those first). */
function numberOf(value: number | string): number {
  if (typeof value === 'number') return value;
  return value.trim() === '' ? Number.NaN : Number(value);
}

export function settingsOf(form: FunctionForm): FunctionSettingsBody {
  return {
    timeout_ms: numberOf(form.timeoutMs),
    memory_mb: numberOf(form.memoryMb),
    secrets: [...new Set(form.secrets)],
    run_as_admin: form.runAsAdmin,
    allowed_hosts: [...new Set(form.allowedHosts.map((host) => host.trim().toLowerCase()).filter(Boolean))],
  };
}

const descriptionOf = (form: FunctionForm): string | null =>
  form.description.trim() === '' ? null : form.description.trim();

export function createBodyOf(form: FunctionForm): CreateFunctionBody {
  return {
    name: form.name.trim(),
    description: descriptionOf(form),
    language: form.language,
    source: form.source,
    triggers: triggersOf(form),
    settings: settingsOf(form),
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item) => b.includes(item));

function sameSettings(a: FunctionSettingsBody, b: FunctionSettingsBody): boolean {
  return (
    a.timeout_ms === b.timeout_ms &&
    a.memory_mb === b.memory_mb &&
    a.run_as_admin === b.run_as_admin &&
    sameList(a.secrets, b.secrets) &&
    sameList(a.allowed_hosts, b.allowed_hosts)
  );
}

/**
 * Only what changed. Settings go whole when any of them changed (they merge on the server
 * anyway); triggers go whole too, since the server replaces them.
 */
export function changesOf(saved: SavedFunction, form: FunctionForm): FunctionChanges {
  const next = createBodyOf(form);
  const changes: FunctionChanges = {};
  if (next.description !== saved.description) changes.description = next.description;
  if (next.language !== saved.version.language) changes.language = next.language;
  if (next.source !== saved.version.source) changes.source = next.source;
  if (!sameTriggers(next.triggers, saved.triggers)) changes.triggers = next.triggers;
  if (!sameSettings(next.settings, saved.settings)) changes.settings = next.settings;
  return changes;
}

export const hasChanges = (changes: FunctionChanges): boolean => Object.keys(changes).length > 0;

/** The inputs of the form, as `formErrors` names them. */
export type FormField =
  | 'name'
  | 'description'
  | 'language'
  | 'source'
  | 'rule'
  | 'timeoutMs'
  | 'memoryMb'
  | 'secrets'
  | 'runAsAdmin'
  | 'allowedHosts';

const SERVER_FIELDS: readonly [RegExp, FormField][] = [
  [/^name$/, 'name'],
  [/^description$/, 'description'],
  [/^language$/, 'language'],
  [/^source$/, 'source'],
  // The other triggers' problems show at their rows (trigger-problems.ts).
  [/^triggers(\.http(\.|$)|$)/, 'rule'],
  [/^settings\.timeout_ms$/, 'timeoutMs'],
  [/^settings\.memory_mb$/, 'memoryMb'],
  [/^settings\.secrets(\[\d+\])?$/, 'secrets'],
  [/^settings\.run_as_admin$/, 'runAsAdmin'],
  [/^settings\.allowed_hosts(\[\d+\])?$/, 'allowedHosts'],
];

/** The server's field paths the form shows at an input; the rest go to the problem summary. */
export const CLAIMED_FIELDS = ['name', 'description', 'language', 'source', 'triggers', 'settings'];

export function formFieldOf(field: string): FormField | undefined {
  return SERVER_FIELDS.find(([pattern]) => pattern.test(field))?.[1];
}

function indexOf(field: string): number | undefined {
  const match = /\[(\d+)\]$/.exec(field);
  return match ? Number(match[1]) : undefined;
}

/**
 * Field problems by input: `settings.allowed_hosts[1]` reaches the hosts input naming the host
 * it is about. Compile errors are the editor's (see compile-errors.ts), not listed here.
 */
export function formErrors(error: unknown, form?: FunctionForm): Partial<Record<FormField, string>> {
  if (!(error instanceof ApiError)) return {};
  const result: Partial<Record<FormField, string>> = {};
  for (const problem of error.fieldProblems) {
    const field = formFieldOf(problem.field);
    if (!field || (field === 'source' && problem.code === 'compile')) continue;
    result[field] ??= withItem(problem, field, form);
  }
  return result;
}

function withItem(problem: FieldProblem, field: FormField, form: FunctionForm | undefined): string {
  const index = indexOf(problem.field);
  if (index === undefined || !form) return problem.message;
  const list = field === 'secrets' ? form.secrets : field === 'allowedHosts' ? form.allowedHosts : [];
  const item = list[index];
  return item === undefined ? problem.message : `${item}: ${problem.message}`;
}

/** Mistakes the form catches before sending: a name the server would refuse, empty numbers, an empty rule. */
export function localErrors(form: FunctionForm, creating: boolean): Partial<Record<FormField, string>> {
  const errors: Partial<Record<FormField, string>> = {};
  if (creating && !FUNCTION_NAME.test(form.name.trim())) {
    errors.name = 'Lower-case letters, digits, - and _, starting with a letter (at most 63)';
  }
  if (!Number.isInteger(numberOf(form.timeoutMs))) errors.timeoutMs = 'A whole number of milliseconds';
  if (!Number.isInteger(numberOf(form.memoryMb))) errors.memoryMb = 'A whole number of MB';
  if (form.http && form.ruleMode === 'expression' && form.rule.trim() === '') {
    errors.rule = 'Write the rule, or choose who may call it';
  }
  return errors;
}

function httpSummary(rule: string | null): string {
  if (rule === null) return 'HTTP · admins only';
  if (rule === '') return 'HTTP · anyone';
  return `HTTP · ${rule}`;
}

const collectionsOf = (triggers: readonly { collection: string }[]): string =>
  [...new Set(triggers.map((trigger) => trigger.collection))].join(', ');

/** Whether anything but the Test panel runs the function. */
export const hasTriggers = (triggers: SavedTriggers): boolean =>
  Boolean(triggers.http || triggers.events?.length || triggers.before_write?.length || triggers.schedule);

/** How the list shows a function's triggers: each kind once, `;` between kinds. */
export function triggerSummary(triggers: SavedTriggers): string {
  const parts = [
    triggers.http && httpSummary(triggers.http.rule),
    triggers.events?.length && `Events · ${collectionsOf(triggers.events)}`,
    triggers.before_write?.length && `Before write · ${collectionsOf(triggers.before_write)}`,
    triggers.schedule && `Schedule · ${triggers.schedule.cron} ${triggers.schedule.timezone ?? 'UTC'}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length === 0 ? 'none (test only)' : parts.join('; ');
}

/**
 * What is wrong with the HTTP rule: the server names the position in the problem's `position`
 * and again at the end of the message ("… (at position 3)"); the console shows it with a caret.
 */
export function ruleIssue(error: unknown): ExpressionIssue | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = error.fieldProblems.find((item) => item.field === 'triggers.http.rule');
  if (!problem) return undefined;
  const position = typeof error.problem.position === 'number' ? error.problem.position : undefined;
  const message = problem.message.replace(/ \(at position \d+\)$/, '');
  return position === undefined ? { message } : { message, position };
}
