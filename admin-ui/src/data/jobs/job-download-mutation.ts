// Downloads a finished export. The file needs the bearer token, so a plain link cannot fetch it:
// it comes through the authenticated client as a blob and is saved from an object URL.
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from '../../api';
import { toProblem } from '../../api/problem';
import { fileNameFromDisposition } from '../../features/records/transfer';

export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

export async function downloadJobFile(id: string, fallbackName: string): Promise<DownloadedFile> {
  const { data, error, response } = await api.GET('/api/v1/jobs/{id}/download', {
    params: { path: { id } },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw new ApiError(toProblem(error, response));
  return { blob: data, fileName: fileNameFromDisposition(response.headers.get('content-disposition'), fallbackName) };
}

/** Hands the blob to the browser as a download. */
export function saveFile({ blob, fileName }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL can go once the event loop moves on.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function useDownloadJobFileMutation() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async ({ id, fallbackName }: { id: string; fallbackName: string }) => {
      const file = await downloadJobFile(id, fallbackName);
      saveFile(file);
      return file;
    },
  });
}
