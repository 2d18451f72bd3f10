// A multipart record write: the JSON values first, then the files under their fields' names.
import { describe, expect, it } from 'vitest';
import { JSON_PART, recordFormData } from './record-write';

describe('recordFormData', () => {
  it('puts @json first so the server appends file parts to the lists it gives', async () => {
    const one = new File(['1'], 'one.txt', { type: 'text/plain' });
    const two = new File(['22'], 'two.png', { type: 'image/png' });
    const form = recordFormData({ title: 'Trip', photos: ['a_x.png'] }, [
      { field: 'photos', file: one },
      { field: 'cover', file: two },
    ]);
    const entries = [...form.entries()];
    expect(entries.map(([name]) => name)).toEqual([JSON_PART, 'photos', 'cover']);
    expect(JSON.parse(String(entries[0]?.[1]))).toEqual({ title: 'Trip', photos: ['a_x.png'] });
    const part = entries[1]?.[1] as File;
    expect(part.name).toBe('one.txt');
    expect(await part.text()).toBe('1');
  });
});
