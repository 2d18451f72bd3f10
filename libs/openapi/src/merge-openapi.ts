// Adds the generated records API to the static document @nestjs/swagger builds, returning a new
// document: nothing the static one declares is dropped or overwritten, and no input is mutated.
import type { GeneratedOpenApi } from './openapi-types.js';

/** The parts of an OpenAPI document the merge touches; Nest's OpenAPIObject satisfies it. */
export interface MergeableOpenApiDocument {
  paths?: Record<string, object>;
  webhooks?: Record<string, object>;
  components?: {
    schemas?: Record<string, object>;
    parameters?: Record<string, object>;
    responses?: Record<string, object>;
  };
  tags?: readonly { name: string }[];
}

/** The input document, with the parts the merge fills in typed as present. */
export type MergedOpenApiDocument<D extends MergeableOpenApiDocument> = D & {
  paths: Record<string, object>;
  webhooks: Record<string, object>;
  components: {
    schemas: Record<string, object>;
    parameters: Record<string, object>;
    responses: Record<string, object>;
  };
  tags: readonly { name: string }[];
};

/** `base` as it is, then the entries of `extra` whose names `base` does not use. */
function addMissing<T>(base: Record<string, T> | undefined, extra: Record<string, T>): Record<string, T> {
  const merged: Record<string, T> = { ...base };
  for (const [name, value] of Object.entries(extra)) if (!Object.hasOwn(merged, name)) merged[name] = value;
  return merged;
}

function mergePaths(
  base: Record<string, object> | undefined,
  extra: GeneratedOpenApi['paths'],
): Record<string, object> {
  const merged: Record<string, object> = { ...base };
  for (const [path, item] of Object.entries(extra)) {
    const existing = merged[path];
    // Where both define a path, the static document's operations win, method by method.
    merged[path] = existing === undefined ? item : { ...item, ...existing };
  }
  return merged;
}

export function mergeOpenApi<D extends MergeableOpenApiDocument>(
  staticDocument: D,
  generated: GeneratedOpenApi,
): MergedOpenApiDocument<D> {
  const components = staticDocument.components ?? {};
  const staticTags = staticDocument.tags ?? [];
  const known = new Set(staticTags.map((tag) => tag.name));
  const merged: MergeableOpenApiDocument = {
    ...staticDocument,
    paths: mergePaths(staticDocument.paths, generated.paths),
    webhooks: addMissing(staticDocument.webhooks, generated.webhooks),
    components: {
      ...components,
      schemas: addMissing(components.schemas, generated.components.schemas),
      parameters: addMissing(components.parameters, generated.components.parameters),
      responses: addMissing(components.responses, generated.components.responses),
    },
    tags: [...staticTags, ...generated.tags.filter((tag) => !known.has(tag.name))],
  };
  // A deep copy, so later changes to the result never reach either input.
  return structuredClone(merged) as MergedOpenApiDocument<D>;
}
