// Completions and hover help for `ctx` in a function's source, from the description in
// ctx-types.ts. The handler's parameter is found in the default export, so `(context) =>` and
// `({ records, log }) =>` complete too; then the member path before the cursor (`ctx.records.`,
// `ctx.caller?.`) is walked through the description.
import { CTX, type CtxMember } from './ctx-types';

export interface CtxCompletion {
  label: string;
  type: 'method' | 'property' | 'namespace';
  /** The type or signature, cut to fit beside the name. */
  detail: string;
  /** The whole type or signature, for the info panel. */
  signature: string;
  info: string;
}

/** Beside a name in the list: long signatures are cut (the info panel shows them whole). */
export const DETAIL_MAX = 60;

const IDENTIFIER = '[A-Za-z_$][\\w$]*';
const DEFAULT_EXPORT = new RegExp(
  `export\\s+default\\s+(?:async\\s+)?(?:function\\s*(?:${IDENTIFIER})?\\s*\\(\\s*(${IDENTIFIER}|\\{[^}]*\\})|\\(\\s*(${IDENTIFIER}|\\{[^}]*\\})|(${IDENTIFIER})\\s*=>)`,
);

/** Names in the source that stand for ctx or one of its members (default: `ctx` is ctx). */
export function ctxBindings(source: string): Map<string, CtxMember> {
  const match = DEFAULT_EXPORT.exec(source);
  const parameter = match?.[1] ?? match?.[2] ?? match?.[3];
  const bindings = new Map<string, CtxMember>([['ctx', CTX]]);
  if (!parameter) return bindings;
  if (!parameter.startsWith('{')) {
    bindings.set(parameter, CTX);
    return bindings;
  }
  // `{ records, log: logger, secrets = x }`: each name (or its alias) is that member.
  for (const part of parameter.slice(1, -1).split(',')) {
    const found = new RegExp(`^\\s*(${IDENTIFIER})\\s*(?::\\s*(${IDENTIFIER}))?`).exec(part);
    const member = found?.[1] ? CTX.members?.find((item) => item.name === found[1]) : undefined;
    if (found && member) bindings.set(found[2] ?? found[1] ?? member.name, member);
  }
  return bindings;
}

/** Walks `a.b?.c` from a bound name; undefined where the description has no such member. */
function walk(bindings: Map<string, CtxMember>, path: string): CtxMember | undefined {
  const [root, ...names] = path.split(/\??\./).map((name) => name.trim());
  let current = root === undefined ? undefined : bindings.get(root);
  for (const name of names) current = current?.members?.find((member) => member.name === name);
  return current;
}

const PATH_BEFORE = new RegExp(
  `(?<![\\w$.])(${IDENTIFIER}(?:\\s*\\??\\.\\s*${IDENTIFIER})*)\\s*\\??\\.\\s*(${IDENTIFIER})?$`,
);

function completionOf(member: CtxMember): CtxCompletion {
  return {
    label: member.name,
    type: member.kind === 'method' ? 'method' : member.kind === 'object' ? 'namespace' : 'property',
    detail: member.type.length > DETAIL_MAX ? `${member.type.slice(0, DETAIL_MAX - 1)}…` : member.type,
    signature: member.type,
    info: member.doc,
  };
}

/**
 * The members to offer after `textBefore` (the source up to the cursor), and how many characters
 * of a name are already typed; null when the cursor is not after a member access of ctx.
 */
export function ctxCompletions(source: string, textBefore: string): { typed: number; options: CtxCompletion[] } | null {
  const match = PATH_BEFORE.exec(textBefore);
  if (!match?.[1]) return null;
  const object = walk(ctxBindings(source), match[1]);
  if (!object?.members) return null;
  return { typed: match[2]?.length ?? 0, options: object.members.map(completionOf) };
}

/** The member named by the path that ends at a word (for hover help): `ctx.records.list`, `ctx`. */
export function ctxMemberAt(source: string, pathText: string): CtxMember | undefined {
  const match = new RegExp(`(?<![\\w$.])(${IDENTIFIER}(?:\\s*\\??\\.\\s*${IDENTIFIER})*)$`).exec(pathText);
  return match?.[1] ? walk(ctxBindings(source), match[1]) : undefined;
}
