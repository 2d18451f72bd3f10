// The two path items of one collection: the collection path (list, create, bulk update and
// delete) and the record path (get, update, replace, delete), with the shared `id` parameter.
import { collectionPaths, parameterRef } from './names.js';
import type { PathItemObject } from './openapi-types.js';
import {
  bulkDeleteOperation,
  bulkUpdateOperation,
  createOperation,
  deleteOperation,
  getOperation,
  listOperation,
  replaceOperation,
  updateOperation,
  type OperationContext,
} from './record-operations.js';
import { SHARED_PARAMETERS } from './shared-components.js';

export function collectionPathItems(context: OperationContext): Record<string, PathItemObject> {
  const paths = collectionPaths(context.collection.name);
  return {
    [paths.list]: {
      get: listOperation(context),
      post: createOperation(context),
      patch: bulkUpdateOperation(context),
      delete: bulkDeleteOperation(context),
    },
    [paths.item]: {
      parameters: [parameterRef(SHARED_PARAMETERS.id)],
      get: getOperation(context),
      patch: updateOperation(context),
      put: replaceOperation(context),
      delete: deleteOperation(context),
    },
  };
}
