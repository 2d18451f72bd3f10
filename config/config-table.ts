// Renders the configuration table for README.md from the variable list, so the documentation
// cannot drift from what the loader accepts (a unit test compares the two).

import { variables, type VariableSpec } from './variables.js';

function typeLabel(spec: VariableSpec): string {
  if (spec.type === 'enum') return (spec.values ?? []).join(' \\| ');
  if (spec.type === 'list') return 'comma-separated list';
  return spec.type;
}

export function renderConfigTable(): string {
  const rows = Object.entries(variables).map(([name, spec]: [string, VariableSpec]) => {
    const defaultValue =
      spec.default === undefined ? '(unset)' : spec.default === '' ? '(empty)' : `\`${spec.default}\``;
    return `| \`${name}\` | ${typeLabel(spec)} | ${defaultValue} | ${spec.secret ? 'yes' : 'no'} | ${spec.description} |`;
  });
  return ['| Variable | Type | Default | Secret | Description |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
