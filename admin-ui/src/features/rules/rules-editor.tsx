// Access rules per action: admins only, anyone, or an expression. The server compiles each
// expression against the schema on save; its errors appear under the rule, with a caret, until
// the rule is edited. Unsaved rules are guarded against navigation, reload and a careless Discard.
// Expressions are typed with completions from the collection's fields.
import { Alert, Button, Card, Code, Group, Input, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { expressionIssue, RULE_ACTIONS, type CollectionDefinition, type RuleAction } from '../../api';
import { ExpressionError } from '../../components/expression-error';
import { ProblemAlert } from '../../components/problem-alert';
import { useUnsavedChanges } from '../../components/unsaved-changes-guard';
import { useUpdateCollectionMutation } from '../../data/collections/collection-update-mutation';
import { ruleExample } from '../expressions/expression-examples';
import { LazyExpressionInput } from '../expressions/lazy-expression-input';
import { useExpressionScope } from '../expressions/use-expression-scope';
import { changedRules, ruleFormOf, unchangedSinceSent, type RuleForm, type RuleMode } from './rule-form';

const ACTION_HELP: Record<RuleAction, string> = {
  list: 'Which records appear in lists (a filter added to every list query)',
  view: 'Which records can be read one by one',
  create: 'Who may create records (checked against the body with @request.body)',
  update: 'Which records may be changed',
  delete: 'Which records may be deleted',
};

const MODES: { value: RuleMode; label: string }[] = [
  { value: 'admins', label: 'Admins only' },
  { value: 'anyone', label: 'Anyone' },
  { value: 'expression', label: 'Expression' },
];

function formsOf(collection: CollectionDefinition): Record<RuleAction, RuleForm> {
  return Object.fromEntries(RULE_ACTIONS.map((action) => [action, ruleFormOf(collection.rules[action])])) as Record<
    RuleAction,
    RuleForm
  >;
}

export function RulesEditor({ collection }: { collection: CollectionDefinition }) {
  const [forms, setForms] = useState(() => formsOf(collection));
  const update = useUpdateCollectionMutation(collection.name);
  const expressionScope = useExpressionScope(collection);
  const changes = changedRules(collection.rules, forms);
  const changeCount = Object.keys(changes).length;
  const dirty = changeCount > 0;
  const guard = useUnsavedChanges(dirty, `the access rules of ${collection.name}`);
  // Errors of the last save or check, for the rules still as they were sent.
  const stillSent = unchangedSinceSent(update.variables?.input.rules, forms);
  const sentUnchanged =
    update.variables !== undefined && stillSent.size === Object.keys(update.variables.input.rules ?? {}).length;
  const set = (action: RuleAction, form: Partial<RuleForm>) => {
    setForms((current) => ({ ...current, [action]: { ...current[action], ...form } }));
  };
  const save = (dryRun: boolean) =>
    update.mutate(
      { input: { rules: changes }, dryRun },
      {
        onSuccess: (result) => {
          if (dryRun) notifications.show({ color: 'green', message: 'Every rule compiles against the schema.' });
          else {
            setForms(formsOf(result.data));
            notifications.show({ color: 'green', message: `Access rules of “${collection.name}” saved` });
          }
        },
      },
    );
  const discard = () => {
    setForms(formsOf(collection));
    update.reset();
  };
  // Rule problems show under their rule.
  const claimed = ['rules'];

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Expressions use the filter language, e.g. <Code>@request.auth.id != null</Code> (signed in) or{' '}
        <Code>created_by = @request.auth.id</Code> (own records). Admins and admin API keys always pass.
      </Text>
      {RULE_ACTIONS.map((action) => {
        const form = forms[action];
        const issue = stillSent.has(action) ? expressionIssue(update.error, `rules.${action}`) : undefined;
        const inputId = `rule-${action}`;
        return (
          <Card key={action} withBorder padding="sm" role="group" aria-label={`${action} rule`}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="wrap">
                <div>
                  <Title order={2} fz="md" tt="capitalize" id={`${inputId}-title`}>
                    {action}
                  </Title>
                  <Text size="xs" c="dimmed">
                    {ACTION_HELP[action]}
                  </Text>
                </div>
                <SegmentedControl
                  aria-labelledby={`${inputId}-title`}
                  size="xs"
                  data={MODES}
                  value={form.mode}
                  onChange={(value) => set(action, { mode: value as RuleMode })}
                />
              </Group>
              {form.mode === 'expression' && (
                <>
                  <Input.Wrapper id={inputId} label={`${action} rule expression`} labelElement="div">
                    <LazyExpressionInput
                      label={`${action} rule expression`}
                      placeholder={ruleExample(expressionScope, action)}
                      value={form.expression}
                      onChange={(expression) => set(action, { expression })}
                      invalid={Boolean(issue)}
                      describedBy={issue ? `${inputId}-error` : undefined}
                      settings={{ ...expressionScope, mode: 'rule', action }}
                    />
                  </Input.Wrapper>
                  {issue && <ExpressionError id={`${inputId}-error`} expression={form.expression} issue={issue} />}
                </>
              )}
              {form.mode === 'anyone' && (
                <Alert color="yellow" variant="light" p="xs">
                  Anyone, signed in or not, may {action === 'list' || action === 'view' ? 'read' : action} these
                  records.
                </Alert>
              )}
            </Stack>
          </Card>
        );
      })}
      {sentUnchanged && <ProblemAlert error={update.error} claimed={claimed} />}
      <Group justify="flex-end">
        <Text size="sm" c="dimmed" role="status" mr="auto">
          {dirty ? `${changeCount} unsaved rule change${changeCount === 1 ? '' : 's'}` : 'No unsaved changes'}
        </Text>
        <Button
          variant="default"
          disabled={!dirty}
          onClick={() =>
            changeCount > 1
              ? guard.confirmDiscard(discard, {
                  message: `${changeCount} rule changes are not saved and will be lost.`,
                })
              : discard()
          }
        >
          Discard
        </Button>
        <Button
          variant="default"
          disabled={!dirty}
          loading={update.isPending && update.variables?.dryRun}
          onClick={() => save(true)}
        >
          Check
        </Button>
        <Button disabled={!dirty} loading={update.isPending && !update.variables?.dryRun} onClick={() => save(false)}>
          Save rules
        </Button>
      </Group>
    </Stack>
  );
}
