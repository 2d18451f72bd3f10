// Picks related records by searching the target collection on the server as you type.
import { Loader, MultiSelect, Select, type OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import type { CollectionDefinition, RecordData } from '../../api';
import { useRelationSearchQuery } from '../../data/records/relation-search-query';
import { displayFieldOf, recordLabel } from './display-field';

const keepAll: OptionsFilter<string> = ({ options }) => options;

interface RelationPickerProps {
  label: string;
  description?: string;
  required?: boolean;
  error?: string;
  target: CollectionDefinition | undefined;
  targetName: string;
  multiple: boolean;
  value: string | string[];
  /** Records already known (from `expand`), so current values show their labels. */
  known?: RecordData[];
  onChange: (value: string | string[]) => void;
}

export function RelationPicker(props: RelationPickerProps) {
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 250);
  const displayField = displayFieldOf(props.target);
  const results = useRelationSearchQuery(props.targetName, term, displayField);
  const [seen, setSeen] = useState<Map<string, string>>(() => new Map());

  const options = useMemo(() => {
    const labels = new Map(seen);
    for (const record of props.known ?? []) labels.set(record.id, recordLabel(record, displayField));
    for (const record of results.data ?? []) labels.set(record.id, recordLabel(record, displayField));
    const selected = Array.isArray(props.value) ? props.value : props.value ? [props.value] : [];
    for (const id of selected) if (!labels.has(id)) labels.set(id, id);
    const visible = new Set([...(results.data ?? []).map((record) => record.id), ...selected]);
    return [...labels].filter(([id]) => visible.has(id)).map(([value, label]) => ({ value, label: `${label}` }));
  }, [seen, props.known, props.value, results.data, displayField]);

  const remember = (ids: string[]) => {
    setSeen((current) => {
      const next = new Map(current);
      for (const id of ids) {
        const option = options.find((item) => item.value === id);
        if (option) next.set(id, option.label);
      }
      return next;
    });
  };

  const common = {
    label: props.label,
    description: props.description ?? `Search ${props.targetName}${displayField ? ` by ${displayField}` : ' by id'}`,
    required: props.required,
    error: props.error,
    data: options,
    searchable: true,
    searchValue: search,
    onSearchChange: setSearch,
    // The server filters; the options are already the matches.
    filter: keepAll,
    nothingFoundMessage: results.isFetching ? 'Searching…' : 'No matching records',
    rightSection: results.isFetching ? <Loader size="xs" /> : undefined,
  };
  if (props.multiple) {
    const value = Array.isArray(props.value) ? props.value : [];
    return (
      <MultiSelect
        {...common}
        value={value}
        clearable
        onChange={(ids) => {
          remember(ids);
          props.onChange(ids);
        }}
      />
    );
  }
  const value = typeof props.value === 'string' && props.value !== '' ? props.value : null;
  return (
    <Select
      {...common}
      value={value}
      clearable={!props.required}
      onChange={(id) => {
        if (id) remember([id]);
        props.onChange(id ?? '');
      }}
    />
  );
}
