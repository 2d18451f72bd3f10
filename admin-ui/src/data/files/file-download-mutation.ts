// Saves a record's file under its original name: fetched with the token as an attachment
// (?download=1), then handed to the browser from an object URL.
import { useMutation } from '@tanstack/react-query';
import { saveFile } from '../jobs/job-download-mutation';
import { fetchFile, type FileLocation } from './file-blob-query';

export function useDownloadFileMutation() {
  return useMutation({
    mutationFn: async (file: FileLocation) => {
      const downloaded = await fetchFile(file, { download: true });
      saveFile(downloaded);
      return downloaded.fileName;
    },
  });
}
