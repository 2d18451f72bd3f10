// The HTTP trigger: on or off, where it answers, and who may call it (admins, anyone, or callers
// matching a rule, whose problem is shown with a caret under where it broke).
import { Button, Code, CopyButton, Group, Radio, Stack, Switch, TextInput } from '@mantine/core';
import type { ExpressionIssue } from '../../api';
import { ExpressionError } from '../../components/expression-error';
import type { FunctionForm } from './function-form';

interface HttpTriggerEditorProps {
  form: Pick<FunctionForm, 'http' | 'ruleMode' | 'rule'>;
  set: (changes: Partial<Pick<FunctionForm, 'http' | 'ruleMode' | 'rule'>>) => void;
  ruleError: string | undefined;
  /** The server's verdict on the rule, with its position, while the rule is the one sent. */
  ruleIssue?: ExpressionIssue;
  /** Known once the function exists: where its HTTP trigger answers. */
  name?: string;
}

export function invokeUrl(name: string): string {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return `${origin}/api/v1/functions/${name}/invoke`;
}

export function HttpTriggerEditor({ form, set, ruleError, ruleIssue, name }: HttpTriggerEditorProps) {
  return (
    <Stack gap="xs">
      <Switch
        label="HTTP trigger"
        description="Callable at /api/v1/functions/{name}/invoke (any method, sub-paths too)"
        checked={form.http}
        onChange={(event) => set({ http: event.currentTarget.checked })}
      />
      {form.http && (
        <Stack gap="xs" pl="md">
          {name && (
            <Group gap="xs" wrap="nowrap">
              <Code style={{ wordBreak: 'break-all' }} aria-label="Trigger URL">
                {invokeUrl(name)}
              </Code>
              <CopyButton value={invokeUrl(name)}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy URL'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          )}
          <Radio.Group label="Who may call it" value={form.ruleMode} onChange={(value) => set({ ruleMode: value })}>
            <Stack gap={6} mt={6}>
              <Radio value="admins" label="Admins only" />
              <Radio value="anyone" label="Anyone, signed in or not" />
              <Radio value="expression" label="Callers matching a rule" />
            </Stack>
          </Radio.Group>
          {form.ruleMode === 'expression' && (
            <div>
              <TextInput
                label="Rule"
                description="On @request.auth.id, @request.auth.role, @request.auth.aal and @now"
                placeholder='@request.auth.id != ""'
                classNames={{ input: 'mono' }}
                value={form.rule}
                onChange={(event) => set({ rule: event.currentTarget.value })}
                error={ruleIssue ? true : ruleError}
                aria-invalid={ruleIssue || ruleError ? true : undefined}
                aria-describedby={ruleIssue ? 'rule-error' : undefined}
              />
              {ruleIssue && <ExpressionError id="rule-error" expression={form.rule} issue={ruleIssue} />}
            </div>
          )}
        </Stack>
      )}
    </Stack>
  );
}
