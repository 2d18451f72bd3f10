// A function's source: the editor with its language, the compile errors of the last deploy
// (marked in the editor and listed under it, each a link to its place), and a hint on ctx.
import { Alert, Anchor, Card, Code, Group, List, SegmentedControl, Stack, Text } from '@mantine/core';
import { useRef } from 'react';
import type { FunctionLanguage } from '../../data/functions/functions-query';
import type { CodeEditorHandle } from './code-editor';
import type { PlacedError } from './compile-errors';
import { LANGUAGES } from './function-form';
import { LazyCodeEditor } from './lazy-code-editor';

interface SourceCardProps {
  source: string;
  language: FunctionLanguage;
  onSourceChange: (source: string) => void;
  onLanguageChange: (language: FunctionLanguage) => void;
  /** The last deploy's compile errors, when the text is still the one they were computed for. */
  errors: readonly PlacedError[];
  /** Another problem with the source (too long). */
  sourceError?: string;
  languageError?: string;
  /** Ctrl-S / Cmd-S in the editor: deploy. */
  onSave?: () => void;
}

const ERRORS_ID = 'compile-errors';

export function SourceCard({
  source,
  language,
  onSourceChange,
  onLanguageChange,
  errors,
  sourceError,
  languageError,
  onSave,
}: SourceCardProps) {
  const editor = useRef<CodeEditorHandle>(null);
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Text fw={500}>Source</Text>
          <SegmentedControl
            size="xs"
            aria-label="Language"
            data={LANGUAGES.map((item) => ({ value: item.value, label: item.label }))}
            value={language}
            onChange={(value) => onLanguageChange(value)}
          />
        </Group>
        {languageError && (
          <Text size="sm" c="red">
            {languageError}
          </Text>
        )}
        <LazyCodeEditor
          ref={editor}
          value={source}
          onChange={onSourceChange}
          onSave={onSave}
          language={language}
          errors={errors}
          label="Function source"
          describedBy={errors.length > 0 ? ERRORS_ID : undefined}
        />
        {errors.length > 0 && (
          <Alert
            id={ERRORS_ID}
            color="red"
            variant="light"
            role="alert"
            title={`The source does not compile (${errors.length} error${errors.length === 1 ? '' : 's'})`}
          >
            <List size="sm" spacing={4}>
              {errors.map((error) => (
                <List.Item key={`${error.line}:${error.column}:${error.message}`}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    ff="monospace"
                    onClick={() => editor.current?.focusAt(error.from)}
                    aria-label={`Go to line ${error.line}, column ${error.column}`}
                  >
                    {error.line}:{error.column}
                  </Anchor>{' '}
                  {error.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {sourceError && (
          <Text size="sm" c="red" role="alert">
            {sourceError}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          One module: <Code>export default async (ctx) =&gt; result</Code>. Type <Code>ctx.</Code> (or press Ctrl-Space)
          for what it holds; hover a member for its signature. Imports are not available.
        </Text>
      </Stack>
    </Card>
  );
}
