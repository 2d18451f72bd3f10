// The centred card of the pages shown without the console around them: sign-in, first run, and
// the pages emailed links open (reset password, verify email).
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../components/document-title';

export function PublicFrame({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <Stack align="center" justify="center" mih="100vh" p="md" className="public-backdrop">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} component="main">
        <Stack>
          <div>
            <Text fw={700} c="indigo" size="sm" tt="uppercase" lts={1}>
              Stagecraft
            </Text>
            <Title order={1} fz="h2">
              {title}
            </Title>
            {intro && (
              <Text c="dimmed" size="sm" mt={4}>
                {intro}
              </Text>
            )}
          </div>
          {children}
        </Stack>
      </Paper>
    </Stack>
  );
}
