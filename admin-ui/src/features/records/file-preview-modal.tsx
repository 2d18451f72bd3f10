// A record's file up close: images in an <img>, PDFs in a frame, both from a blob URL fetched with
// the session's token (protected files too); anything else is offered for download only.
import { Button, Center, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { StoredFile } from '../../api';
import { formatBytes } from '../../components/byte-size';
import { ProblemAlert } from '../../components/problem-alert';
import { useFileBlobQuery, useObjectUrl, type FileLocation } from '../../data/files/file-blob-query';
import { useDownloadFileMutation } from '../../data/files/file-download-mutation';
import { previewKind } from './file-values';

export interface PreviewedFile {
  location: FileLocation;
  file: StoredFile;
}

export function FilePreviewModal({ previewed, onClose }: { previewed: PreviewedFile | null; onClose: () => void }) {
  return (
    <Modal
      opened={previewed !== null}
      onClose={onClose}
      title={previewed?.file.originalName ?? 'File'}
      size="xl"
      centered
    >
      {previewed && <FilePreview {...previewed} />}
    </Modal>
  );
}

function FilePreview({ location, file }: PreviewedFile) {
  const kind = previewKind(file.type);
  const original = useFileBlobQuery(location, undefined, kind !== null);
  // The frame and the image need the sniffed type on the blob, whatever the response said.
  const typed = useMemo(
    () =>
      original.data && original.data.type !== file.type
        ? new Blob([original.data], { type: file.type })
        : original.data,
    [original.data, file.type],
  );
  const url = useObjectUrl(typed);
  const download = useDownloadFileMutation();
  const details = [
    file.type,
    formatBytes(file.size),
    file.width && file.height ? `${file.width} × ${file.height}` : undefined,
  ].filter(Boolean);

  return (
    <Stack>
      {kind === null && (
        <Text size="sm" c="dimmed">
          No preview for {file.type}: download the file to open it.
        </Text>
      )}
      {kind !== null && original.isPending && (
        <Center mih={200}>
          <Loader aria-label="Loading preview" />
        </Center>
      )}
      {original.isError && <ProblemAlert error={original.error} />}
      {kind === 'image' && url && (
        <Center>
          <img
            src={url}
            alt={file.originalName}
            style={{ maxWidth: '100%', maxHeight: '70vh', objectFit: 'contain', display: 'block' }}
          />
        </Center>
      )}
      {kind === 'pdf' && url && (
        <iframe
          src={url}
          title={`Preview of ${file.originalName}`}
          style={{ width: '100%', height: '70vh', border: 0 }}
        />
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {details.join(' · ')}
        </Text>
        <Button loading={download.isPending} onClick={() => download.mutate(location)}>
          Download
        </Button>
      </Group>
    </Stack>
  );
}
