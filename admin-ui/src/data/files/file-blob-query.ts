// A file of a record (or one of its thumbnails) fetched with the session's token, so protected
// files show too: <img src> cannot send an Authorization header. The blob is cached; each
// component that shows it makes its own object URL (useObjectUrl) and revokes it when done.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import { toProblem } from '../../api/problem';
import { fileNameFromDisposition } from '../../features/records/transfer';
import { fileKeys } from './keys';

export interface FileLocation {
  collection: string;
  recordId: string;
  /** The stored name. */
  name: string;
}

export interface DownloadedFile {
  blob: Blob;
  /** From Content-Disposition: the name the file was uploaded with. */
  fileName: string;
}

export async function fetchFile(
  { collection, recordId, name }: FileLocation,
  options: { thumb?: string; download?: boolean } = {},
): Promise<DownloadedFile> {
  const { data, error, response } = await api.GET('/api/v1/files/{collection}/{recordId}/{fileName}', {
    params: {
      path: { collection, recordId, fileName: name },
      query: {
        ...(options.thumb === undefined ? {} : { thumb: options.thumb }),
        ...(options.download ? { download: '1' as const } : {}),
      },
    },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw new ApiError(toProblem(error, response));
  return { blob: data, fileName: fileNameFromDisposition(response.headers.get('content-disposition'), name) };
}

/** The file's bytes, or its `thumb` preset's; nothing is fetched until `enabled`. */
export function useFileBlobQuery(file: FileLocation, thumb?: string, enabled = true) {
  return useQuery({
    queryKey: fileKeys.blob(file.collection, file.recordId, file.name, thumb),
    queryFn: async () => (await fetchFile(file, { thumb })).blob,
    enabled,
    // Stored names never change content.
    staleTime: Infinity,
  });
}

/** An object URL for a blob while the component shows it; revoked when the blob changes or on unmount. */
export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (blob === undefined) {
      setUrl(undefined);
      return;
    }
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob]);
  return url;
}
