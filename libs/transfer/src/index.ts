// Imports and exports of collection records: uploads and export files under FILES_DIR, the
// API's use cases that start the jobs, and the worker's runners that carry them out.
export { TransferModule, TransferWorkerModule } from './transfer.module.js';
export { ImportsService, type Upload } from './imports.service.js';
export { ExportsService, type ExportRequest, type ExportDownload } from './exports.service.js';
export { TransferFilesService } from './transfer-files.service.js';
export { ImportRunner } from './import-runner.js';
export { ExportRunner } from './export-runner.js';
export { removeExpiredFiles, removeJobFiles } from './transfer-files.js';
export { detectImportFormat, type RawImportOptions } from './import-options.js';
export * from './transfer-job.js';
