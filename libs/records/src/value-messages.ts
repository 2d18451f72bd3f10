// Sentences for the record validator's (ajv's) errors: "Tags must be a list or null." rather
// than "tags must be array,null". The keyword stays the error's code; only the words change.

import { fieldSentence } from '@stagecraft/core';
import { ajvPredicate } from '@stagecraft/schema';
import type { ErrorObject } from 'ajv';

/** The sentence for one ajv error about `field`. */
export function valueMessage(error: ErrorObject, field: string): string {
  return fieldSentence(field, ajvPredicate(error) ?? `is not valid (${error.message ?? error.keyword})`);
}
