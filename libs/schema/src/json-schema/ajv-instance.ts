// One ajv instance for this library's own checks (field options, defaults), configured like the
// records lib should be: every error, union types for nullable values, standard formats.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true });
  addFormats.default(ajv);
  return ajv;
}

export const ajv = createAjv();
