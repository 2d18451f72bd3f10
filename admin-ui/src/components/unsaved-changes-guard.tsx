// Keeps unsaved work from being thrown away without asking: forms say whether they hold changes,
// and one provider asks before in-app navigation, a reload or a closed tab, or a discard.
// One provider, not one blocker per form: the router honours a single blocker at a time.
import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
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

interface GuardContextValue {
  setDirty: (id: string, what: string | null) => void;
  ask: (question: PendingQuestion) => void;
}

const GuardContext = createContext<GuardContextValue | null>(null);

/** Only a change of page loses a form's state; a changed query string (filter, sort) keeps it. */
export const leavesPage: (dirty: boolean) => BlockerFunction =
  (dirty) =>
  ({ currentLocation, nextLocation }) =>
    dirty && currentLocation.pathname !== nextLocation.pathname;

export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  const [dirty, setDirtyMap] = useState<ReadonlyMap<string, string>>(new Map());
  const [question, setQuestion] = useState<PendingQuestion | null>(null);
  const anyDirty = dirty.size > 0;
  const blocker = useBlocker(useMemo(() => leavesPage(anyDirty), [anyDirty]));

  // A reload or a closed tab: the browser asks with its own words (a page may not choose them).
  useEffect(() => {
    if (!anyDirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [anyDirty]);

  const setDirty = useCallback((id: string, what: string | null) => {
    setDirtyMap((current) => {
      if (current.get(id) === (what ?? undefined)) return current;
      const next = new Map(current);
      if (what === null) next.delete(id);
      else next.set(id, what);
      return next;
    });
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
              {[...dirty.values()].map((what) => (
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
}

/**
 * Marks a form's unsaved changes (`what` names them in the question, e.g. "the schema of posts")
 * while `dirty` holds, and offers a confirmation for the form's own ways of dropping them.
 */
export function useUnsavedChanges(dirty: boolean, what: string): UnsavedChanges {
  const context = useContext(GuardContext);
  if (!context) throw new Error('useUnsavedChanges needs an UnsavedChangesProvider above it');
  const { setDirty, ask } = context;
  const id = useId();
  useEffect(() => {
    setDirty(id, dirty ? what : null);
  }, [setDirty, id, dirty, what]);
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
  return { confirmDiscard };
}
