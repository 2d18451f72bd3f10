// Any console path that matches no page.
import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Stack align="flex-start">
      <Title order={1} fz="h2">
        Page not found
      </Title>
      <Text c="dimmed">Nothing lives at this address in the console.</Text>
      <Button component={Link} to="/collections" variant="default">
        Go to collections
      </Button>
    </Stack>
  );
}
