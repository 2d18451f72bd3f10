// One ajv instance for this library's own checks (field options, defaults), configured like the
// records lib should be: every error, union types for nullable values, standard formats.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';

/**
 * The longest string the `uri` format accepts (Chrome's URL limit). Its check is a regular
 * expression that exhausts the stack at about 9 million characters (a 500 for a `url` value
 * under a raised BODY_LIMIT_BYTES) and spends ~50 ms per million before that.
 */
export const MAX_URI_LENGTH = 2_097_152;

const uriFormat = fullFormats.uri as (value: string) => boolean;

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true });
  addFormats.default(ajv);
  ajv.addFormat('uri', { type: 'string', validate: (value) => value.length <= MAX_URI_LENGTH && uriFormat(value) });
  return ajv;
}

export const ajv = createAjv();
