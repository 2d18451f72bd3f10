// Creates an empty collection (its table and endpoints exist at once), then opens its schema.
import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useCreateCollectionMutation } from '../../data/collections/collection-create-mutation';
import { nameProblem } from '../schema/field-form';

export function labelFromName(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function CreateCollectionModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState('');
  const [touched, setTouched] = useState(false);
  const create = useCreateCollectionMutation();
  const navigate = useNavigate();
  const serverErrors = fieldErrors(create.error);
  const localName = touched ? nameProblem(name, []) : undefined;

  const close = () => {
    setName('');
    setLabel('');
    setDescription('');
    setTouched(false);
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (nameProblem(name, [])) return;
    create.mutate(
      { input: { name, label: label.trim() || labelFromName(name), description: description.trim() } },
      {
        onSuccess: (result) => {
          close();
          void navigate(`/collections/${result.data.name}/schema`);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New collection" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            description="Table and URL name: lowercase letters, digits and _"
            placeholder="products"
            required
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            onBlur={() => setTouched(name !== '')}
            error={localName ?? serverErrors['name']}
            classNames={{ input: 'mono' }}
          />
          <TextInput
            label="Label"
            placeholder={labelFromName(name) || 'Products'}
            value={label}
            onChange={(event) => setLabel(event.currentTarget.value)}
            error={serverErrors['label']}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={serverErrors['description']}
          />
          <ProblemAlert error={create.error} claimed={['name', 'label', 'description']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create collection
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
