// A function's settings: description, the HTTP trigger and who may call it, limits, the secrets
// it may read, whether ctx.records acts as an admin, and the hosts ctx.fetch may reach.
import {
  Anchor,
  Card,
  Code,
  CopyButton,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Radio,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { Link } from 'react-router';
import type { ExpressionIssue } from '../../api';
import { ExpressionError } from '../../components/expression-error';
import { useFunctionSecretsQuery } from '../../data/function-secrets/function-secrets-query';
import type { FormField, FunctionForm } from './function-form';

interface SettingsCardProps {
  form: FunctionForm;
  set: (changes: Partial<FunctionForm>) => void;
  errors: Partial<Record<FormField, string>>;
  /** The server's verdict on the rule, with its position, while the rule is the one sent. */
  ruleIssue?: ExpressionIssue;
  /** Known once the function exists: where its HTTP trigger answers. */
  name?: string;
}

export function invokeUrl(name: string): string {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return `${origin}/api/v1/functions/${name}/invoke`;
}

export function SettingsCard({ form, set, errors, ruleIssue, name }: SettingsCardProps) {
  const secrets = useFunctionSecretsQuery();
  // Granted secrets stay choosable even when deleted since, so they can be taken off.
  const secretNames = [...new Set([...(secrets.data ?? []).map((secret) => secret.name), ...form.secrets])].sort();

  return (
    <Card withBorder padding="sm">
      <Stack gap="sm">
        <Text fw={500}>Settings</Text>
        <Textarea
          label="Description"
          autosize
          minRows={1}
          maxRows={4}
          value={form.description}
          onChange={(event) => set({ description: event.currentTarget.value })}
          error={errors.description}
        />
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
                  error={ruleIssue ? true : errors.rule}
                  aria-invalid={ruleIssue || errors.rule ? true : undefined}
                  aria-describedby={ruleIssue ? 'rule-error' : undefined}
                />
                {ruleIssue && <ExpressionError id="rule-error" expression={form.rule} issue={ruleIssue} />}
              </div>
            )}
          </Stack>
        )}
        <Group grow align="flex-start">
          <NumberInput
            label="Timeout (ms)"
            description="Wall time per run"
            min={10}
            step={500}
            allowDecimal={false}
            value={form.timeoutMs}
            onChange={(value) => set({ timeoutMs: value })}
            error={errors.timeoutMs}
          />
          <NumberInput
            label="Memory (MB)"
            description="Heap limit"
            min={8}
            step={8}
            allowDecimal={false}
            value={form.memoryMb}
            onChange={(value) => set({ memoryMb: value })}
            error={errors.memoryMb}
          />
        </Group>
        <MultiSelect
          label="Secrets"
          description={
            <>
              What <Code>ctx.secrets.get</Code> may read.{' '}
              <Anchor component={Link} to="/function-secrets" size="xs">
                Manage secrets
              </Anchor>
            </>
          }
          placeholder={secretNames.length === 0 ? 'No secrets yet' : 'None'}
          data={secretNames}
          searchable
          clearable
          value={form.secrets}
          onChange={(value) => set({ secrets: value })}
          error={errors.secrets}
          nothingFoundMessage="No secret has this name"
        />
        <Switch
          label="Run as admin"
          description="ctx.records acts with admin rights instead of the caller’s"
          checked={form.runAsAdmin}
          onChange={(event) => set({ runAsAdmin: event.currentTarget.checked })}
          error={errors.runAsAdmin}
        />
        <TagsInput
          label="Allowed hosts"
          description="Hosts ctx.fetch may reach: exact names, or *.example.com for subdomains; none: no fetch"
          placeholder="api.example.com"
          classNames={{ input: 'mono' }}
          value={form.allowedHosts}
          onChange={(value) => set({ allowedHosts: value })}
          error={errors.allowedHosts}
          clearable
        />
      </Stack>
    </Card>
  );
}
