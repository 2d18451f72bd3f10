// Keeps unsaved work from being thrown away without asking: forms say whether they hold changes,
// and one provider asks before in-app navigation, a reload or a closed tab, or a discard.
// One provider, not one blocker per form: the router honours a single blocker at a time.
import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useBlocker, type BlockerFunction } from 'react-router';

/** What the confirmation says, and what happens when the person agrees to lose the changes. */
export interface DiscardQuestion {
  title?: string;
  message?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
}

interface PendingQuestion extends Required<DiscardQuestion> {
  onConfirm: () => void;
}

/** A form holding unsaved changes: what they are, and where its state survives. */
export interface DirtyForm {
  what: string;
  /** A path prefix under which the form stays mounted (tabs of one page); else its own path. */
  keptUnder?: string;
}

interface GuardContextValue {
  setDirty: (id: string, form: DirtyForm | null) => void;
  ask: (question: PendingQuestion) => void;
}

const GuardContext = createContext<GuardContextValue | null>(null);

/**
 * Whether a navigation loses a dirty form's state: leaving its page, or the pages under its
 * `keptUnder` prefix. A changed query string (filter, sort) keeps the page and its forms.
 */
export const leavesPage =
  (forms: Iterable<DirtyForm>): BlockerFunction =>
  ({ currentLocation, nextLocation }) =>
    [...forms].some((form) =>
      form.keptUnder === undefined
        ? currentLocation.pathname !== nextLocation.pathname
        : !nextLocation.pathname.startsWith(form.keptUnder),
    );

export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  // The blocker and the unload listener read the ref, so a form that releases its mark just
  // before navigating away (after a save or a delete) is not asked about; the state renders.
  const formsRef = useRef<ReadonlyMap<string, DirtyForm>>(new Map());
  const [forms, setForms] = useState<ReadonlyMap<string, DirtyForm>>(formsRef.current);
  const [question, setQuestion] = useState<PendingQuestion | null>(null);
  const anyDirty = forms.size > 0;
  const blocker = useBlocker(useCallback<BlockerFunction>((args) => leavesPage(formsRef.current.values())(args), []));

  // A reload or a closed tab: the browser asks with its own words (a page may not choose them).
  useEffect(() => {
    if (!anyDirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (formsRef.current.size === 0) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [anyDirty]);

  const setDirty = useCallback((id: string, form: DirtyForm | null) => {
    const current = formsRef.current;
    const known = current.get(id);
    if (form === null ? known === undefined : known?.what === form.what && known.keptUnder === form.keptUnder) return;
    const next = new Map(current);
    if (form === null) next.delete(id);
    else next.set(id, form);
    formsRef.current = next;
    setForms(next);
  }, []);
  const context = useMemo<GuardContextValue>(() => ({ setDirty, ask: setQuestion }), [setDirty]);

  const blocked = blocker.state === 'blocked';
  const shown: PendingQuestion | null = blocked
    ? {
        title: 'Leave this page?',
        message: (
          <Stack gap={4}>
            <Text size="sm">These changes are not saved and will be lost:</Text>
            <List size="sm">
              {[...new Set([...forms.values()].map((form) => form.what))].map((what) => (
                <List.Item key={what}>{what}</List.Item>
              ))}
            </List>
          </Stack>
        ),
        confirmLabel: 'Leave and discard',
        cancelLabel: 'Stay',
        onConfirm: () => blocker.proceed(),
      }
    : question;
  const cancel = () => {
    if (blocked) blocker.reset();
    else setQuestion(null);
  };
  const confirm = () => {
    if (!shown) return;
    if (!blocked) setQuestion(null);
    shown.onConfirm();
  };

  return (
    <GuardContext.Provider value={context}>
      {children}
      {/* Above drawers and modals (200), so it can ask for one of them. */}
      <Modal opened={shown !== null} onClose={cancel} title={shown?.title} centered zIndex={400}>
        {shown && (
          <Stack>
            {typeof shown.message === 'string' ? <Text size="sm">{shown.message}</Text> : shown.message}
            <Group justify="flex-end">
              <Button variant="default" onClick={cancel} data-autofocus>
                {shown.cancelLabel}
              </Button>
              <Button color="red" onClick={confirm}>
                {shown.confirmLabel}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </GuardContext.Provider>
  );
}

export interface UnsavedChanges {
  /** Runs `discard` at once when nothing is unsaved, otherwise after the person agrees. */
  confirmDiscard: (discard: () => void, question?: DiscardQuestion) => void;
  /** Drops the mark at once, before a navigation the form itself makes (after a delete). */
  release: () => void;
}

/**
 * Marks a form's unsaved changes (`what` names them in the question, e.g. "the schema of posts")
 * while `dirty` holds, and offers a confirmation for the form's own ways of dropping them.
 */
export function useUnsavedChanges(dirty: boolean, what: string, keptUnder?: string): UnsavedChanges {
  const context = useContext(GuardContext);
  if (!context) throw new Error('useUnsavedChanges needs an UnsavedChangesProvider above it');
  const { setDirty, ask } = context;
  const id = useId();
  useEffect(() => {
    setDirty(id, dirty ? { what, keptUnder } : null);
  }, [setDirty, id, dirty, what, keptUnder]);
  useEffect(() => () => setDirty(id, null), [setDirty, id]);

  const confirmDiscard = useCallback(
    (discard: () => void, question: DiscardQuestion = {}) => {
      if (!dirty) {
        discard();
        return;
      }
      ask({
        title: question.title ?? 'Discard unsaved changes?',
        message: question.message ?? `Your changes to ${what} are not saved and will be lost.`,
        confirmLabel: question.confirmLabel ?? 'Discard changes',
        cancelLabel: question.cancelLabel ?? 'Keep editing',
        onConfirm: discard,
      });
    },
    [ask, dirty, what],
  );
  const release = useCallback(() => setDirty(id, null), [setDirty, id]);
  return { confirmDiscard, release };
}

export interface GuardedModal {
  /** For the modal's onClose (Escape, ×) and a Cancel button: asks first when there are changes. */
  requestClose: () => void;
  /** Closes at once: after a save. */
  close: () => void;
  /** The form inside reports whether it holds changes. */
  setDirty: (dirty: boolean) => void;
}

/** A modal form that asks before its changes are thrown away by Escape, ×, Cancel or navigation. */
export function useGuardedModal(what: string, onClose: () => void): GuardedModal {
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedChanges(dirty, what);
  const close = useCallback(() => {
    guard.release();
    setDirty(false);
    onClose();
  }, [guard, onClose]);
  const requestClose = () =>
    guard.confirmDiscard(close, {
      title: 'Close without saving?',
      message: `Your changes to ${what} are not saved and will be lost.`,
    });
  return { requestClose, close, setDirty };
}
