// Writes from the grid: one cell (PATCH with If-Match, so a record changed elsewhere answers
// 412 instead of being overwritten), a pasted range (updates, and new records for rows past
// the end), and undo of the last of these. A failed cell keeps what was typed and its message
// until it is saved or given up, so nothing typed is lost.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorMessage, fieldErrors, type RecordData } from '../../../api';
import { recordKeys } from '../../../data/records/keys';
import { useBulkCreateRecordsMutation } from '../../../data/records/records-bulk-create-mutation';
import { useBulkDeleteRecordsMutation } from '../../../data/records/records-bulk-delete-mutation';
import { useUpdateRecordMutation } from '../../../data/records/record-update-mutation';

/** What a cell holds while it is saved or after it failed: the typed text and the reason. */
export interface CellDraft {
  text: string;
  message?: string;
}

interface CellChange {
  id: string;
  field: string;
  before: unknown;
  /** The version the change produced: undo is conditional on it. */
  version: number;
}

interface UndoEntry {
  changes: CellChange[];
  created: string[];
}

export interface PastedUpdate {
  record: RecordData;
  values: Record<string, unknown>;
  /** The pasted text per field, kept at the cell if the write fails. */
  texts: Record<string, string>;
}

export const cellKey = (id: string, field: string) => `${id}:${field}`;

export const STALE_MESSAGE =
  'Someone else changed this record since it was loaded. The row now shows their version; press Enter to save yours over it, or Escape to keep theirs.';

function messageFor(error: unknown, fields: readonly string[]): string {
  if (error instanceof ApiError && error.status === 412) return STALE_MESSAGE;
  const byField = fieldErrors(error);
  for (const field of fields) if (byField[field]) return byField[field];
  return errorMessage(error);
}

export function useCellEdits(collection: string) {
  const queryClient = useQueryClient();
  const update = useUpdateRecordMutation(collection);
  const create = useBulkCreateRecordsMutation(collection);
  const remove = useBulkDeleteRecordsMutation(collection);
  const [drafts, setDrafts] = useState<ReadonlyMap<string, CellDraft>>(new Map());
  const [undoStack, setUndoStack] = useState<UndoEntry[]>([]);
  const [busy, setBusy] = useState(false);

  const setDraft = (key: string, draft: CellDraft | null) =>
    setDrafts((current) => {
      const next = new Map(current);
      if (draft === null) next.delete(key);
      else next.set(key, draft);
      return next;
    });

  const refreshList = () => queryClient.invalidateQueries({ queryKey: [...recordKeys.collection(collection), 'list'] });

  /** Writes `values` to one record; on failure every written cell keeps its text and the reason. */
  async function writeRecord(
    record: RecordData,
    values: Record<string, unknown>,
    texts: Record<string, string>,
  ): Promise<CellChange[] | null> {
    const fields = Object.keys(values);
    for (const field of fields) setDraft(cellKey(record.id, field), { text: texts[field] ?? '' });
    try {
      const saved = await update.mutateAsync({ id: record.id, version: record.version, values });
      for (const field of fields) setDraft(cellKey(record.id, field), null);
      return fields.map((field) => ({ id: record.id, field, before: record[field], version: saved.version }));
    } catch (error) {
      const message = messageFor(error, fields);
      for (const field of fields) setDraft(cellKey(record.id, field), { text: texts[field] ?? '', message });
      // A 412 means the row is out of date: load the version the next attempt is checked against.
      if (error instanceof ApiError && error.status === 412) void refreshList();
      return null;
    }
  }

  const remember = (entry: UndoEntry) => {
    if (entry.changes.length > 0 || entry.created.length > 0) setUndoStack((stack) => [...stack.slice(-19), entry]);
  };

  async function saveCell(record: RecordData, field: string, value: unknown, text: string): Promise<boolean> {
    const changes = await writeRecord(record, { [field]: value }, { [field]: text });
    if (changes) remember({ changes, created: [] });
    return changes !== null;
  }

  /** Pasted cells: updates row by row, then the rows past the end created in one request. */
  async function paste(
    updates: readonly PastedUpdate[],
    rows: Record<string, unknown>[],
  ): Promise<{ updated: number; created: number; failed: number; error?: string }> {
    setBusy(true);
    try {
      const results = await Promise.all(updates.map((item) => writeRecord(item.record, item.values, item.texts)));
      const changes = results.flatMap((result) => result ?? []);
      const failed = results.filter((result) => result === null).length;
      let created: RecordData[] = [];
      let error: string | undefined;
      if (rows.length > 0) {
        try {
          created = await create.mutateAsync(rows);
        } catch (failure) {
          error = errorMessage(failure);
        }
      }
      remember({ changes, created: created.map((record) => record.id) });
      return { updated: updates.length - failed, created: created.length, failed, error };
    } finally {
      setBusy(false);
    }
  }

  /** Puts back the values the last change replaced, and deletes the records it created. */
  async function undo(): Promise<string> {
    const entry = undoStack.at(-1);
    if (!entry) return 'Nothing to undo';
    setBusy(true);
    try {
      for (const change of entry.changes) {
        await update.mutateAsync({ id: change.id, version: change.version, values: { [change.field]: change.before } });
      }
      if (entry.created.length > 0) await remove.mutateAsync(entry.created);
      setUndoStack((stack) => stack.slice(0, -1));
      const cells = entry.changes.length;
      const records = entry.created.length;
      return [
        cells > 0 ? `${cells} cell${cells === 1 ? '' : 's'} restored` : '',
        records > 0 ? `${records} new record${records === 1 ? '' : 's'} removed` : '',
      ]
        .filter(Boolean)
        .join(', ');
    } catch (error) {
      // Changed again since: the undo would overwrite someone's work, so it is dropped.
      setUndoStack((stack) => stack.slice(0, -1));
      throw error instanceof ApiError && error.status === 412
        ? new Error('Cannot undo: the record was changed again since.')
        : error;
    } finally {
      setBusy(false);
    }
  }

  return {
    drafts,
    discardDraft: (id: string, field: string) => setDraft(cellKey(id, field), null),
    /** A value that cannot be sent as typed (not a number, bad JSON): kept at the cell with why. */
    keepInvalid: (id: string, field: string, text: string, message: string) =>
      setDraft(cellKey(id, field), { text, message }),
    saveCell,
    paste,
    undo,
    canUndo: undoStack.length > 0,
    busy: busy || update.isPending,
  };
}

export type CellEdits = ReturnType<typeof useCellEdits>;
