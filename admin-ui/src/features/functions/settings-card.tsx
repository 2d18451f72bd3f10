// A function's settings: description, limits, the secrets it may read, whether ctx.records acts
// as an admin, and the hosts ctx.fetch may reach. Its triggers are in triggers-card.tsx.
import {
  Anchor,
  Card,
  Code,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
} from '@mantine/core';
import { Link } from 'react-router';
import { useFunctionSecretsQuery } from '../../data/function-secrets/function-secrets-query';
import type { FormField, FunctionForm } from './function-form';

interface SettingsCardProps {
  form: FunctionForm;
  set: (changes: Partial<FunctionForm>) => void;
  errors: Partial<Record<FormField, string>>;
}

export function SettingsCard({ form, set, errors }: SettingsCardProps) {
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
