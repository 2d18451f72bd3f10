// Public API of @stagecraft/client-codegen: collection metadata → the declaration file that
// types @stagecraft/client (`stagecraft gen types`), and the reader of the metadata documents.
export { generateClientTypes } from './generate-client-types.js';
export { collectionsOf } from './metadata-document.js';
