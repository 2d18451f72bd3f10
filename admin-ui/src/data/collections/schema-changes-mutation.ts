// The schema designer's save: its planned steps (see features/schema/plan-changes) run one
// after the other through the field endpoints, or as dry runs that collect each step's SQL.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangeResponse, CollectionDefinition, PlannedAction } from '../../api';
import { applyOutcomes } from './apply-outcomes';
import { recordKeys } from '../records/keys';
import { addField, type FieldInput } from './field-add-mutation';
import { deleteField } from './field-delete-mutation';
import { reorderFields } from './field-order-mutation';
import { updateField, type FieldChanges } from './field-update-mutation';
import { collectionKeys } from './keys';

export type SchemaStep =
  | { kind: 'delete'; key: string; field: string }
  | { kind: 'update'; key: string; field: string; changes: FieldChanges }
  | { kind: 'add'; key: string; input: FieldInput }
  | { kind: 'reorder'; key: string; order: string[] };

export interface StepOutcome {
  step: SchemaStep;
  actions: PlannedAction[];
  /** What the server answered with (an added field carries its new id). */
  data: unknown;
}

/** Thrown when a step fails: which one, and how many before it were applied. */
export class SchemaStepError extends Error {
  constructor(
    readonly step: SchemaStep,
    /** The steps before it: applied, unless this was a dry run. */
    readonly outcomes: StepOutcome[],
    readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SchemaStepError';
  }
}

function runStep(collection: string, step: SchemaStep, dryRun: boolean): Promise<ChangeResponse<unknown>> {
  switch (step.kind) {
    case 'delete':
      return deleteField(collection, step.field, dryRun);
    case 'update':
      return updateField(collection, step.field, step.changes, dryRun);
    case 'add':
      return addField(collection, step.input, dryRun);
    case 'reorder':
      return reorderFields(collection, step.order, dryRun);
  }
}

export async function runSchemaSteps(collection: string, steps: SchemaStep[], dryRun: boolean): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    // A reorder names fields that earlier steps create or rename: it cannot be planned ahead.
    if (dryRun && step.kind === 'reorder') {
      outcomes.push({ step, actions: [], data: null });
      continue;
    }
    try {
      const result = await runStep(collection, step, dryRun);
      outcomes.push({ step, actions: result.meta.actions, data: result.data });
    } catch (error) {
      throw new SchemaStepError(step, outcomes, error);
    }
  }
  return outcomes;
}

export function usePreviewSchemaStepsMutation(collection: string) {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (steps: SchemaStep[]) => runSchemaSteps(collection, steps, true),
  });
}

export function useApplySchemaStepsMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (steps: SchemaStep[]) => runSchemaSteps(collection, steps, false),
    // Also after a failure: the steps before it were applied. The cache gets the schema the
    // answers describe (see apply-outcomes), before the caller's own callbacks run.
    onSettled: async (outcomes, error) => {
      const applied = outcomes ?? (error instanceof SchemaStepError ? error.outcomes : []);
      const before = queryClient.getQueryData<CollectionDefinition>(collectionKeys.detail(collection));
      if (before) {
        const after = applyOutcomes(before, applied);
        queryClient.setQueryData(collectionKeys.detail(collection), after);
        queryClient.setQueryData<CollectionDefinition[]>(collectionKeys.list(), (list) =>
          list?.map((item) => (item.name === collection ? after : item)),
        );
      }
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: collectionKeys.all, refetchType: 'none' }),
        queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) }),
      ]);
    },
  });
}
