// A file's small picture: the thumbnail of an image (the field's first preset, fetched with the
// session's token into a blob URL), or an icon with its extension for anything else.
import { Skeleton, ThemeIcon } from '@mantine/core';
import { useState } from 'react';
import type { StoredFile } from '../../api';
import { useFileBlobQuery, useObjectUrl, type FileLocation } from '../../data/files/file-blob-query';
import { extensionLabel } from './file-values';

interface FileThumbProps {
  location: FileLocation;
  file: StoredFile;
  /** The preset to ask for; undefined: an icon (not an image, or the field has no presets). */
  preset: string | undefined;
  size?: number;
}

export function FileThumb({ location, file, preset, size = 32 }: FileThumbProps) {
  const thumb = useFileBlobQuery(location, preset, preset !== undefined);
  const url = useObjectUrl(thumb.data);
  const [broken, setBroken] = useState(false);
  if (preset !== undefined && url !== undefined && !broken) {
    return (
      <img
        src={url}
        alt={file.originalName}
        onError={() => setBroken(true)}
        width={size}
        height={size}
        style={{ objectFit: 'cover', borderRadius: 4, display: 'block', flex: 'none' }}
      />
    );
  }
  if (preset !== undefined && thumb.isPending) return <Skeleton w={size} h={size} radius={4} />;
  return <FileIcon name={file.originalName} type={file.type} size={size} />;
}

/** The extension in a tinted square, for files shown without a picture. */
export function FileIcon({ name, type, size = 32 }: { name: string; type: string; size?: number }) {
  return (
    <ThemeIcon variant="light" color="gray" size={size} radius={4} aria-hidden style={{ flex: 'none' }}>
      <span style={{ fontSize: Math.max(8, Math.round(size / 3.6)), fontWeight: 700, letterSpacing: 0.2 }}>
        {extensionLabel(name, type)}
      </span>
    </ThemeIcon>
  );
}
