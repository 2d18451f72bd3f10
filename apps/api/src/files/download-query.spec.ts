import { AppException } from '@stagecraft/core';
import { parseDownloadQuery } from './download-query.js';

const refusedFields = (query: Record<string, unknown>): string[] => {
  try {
    parseDownloadQuery(query);
    return [];
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    return (error.options.errors ?? []).map((item) => item.field);
  }
};

describe('parseDownloadQuery', () => {
  it('reads a preset, the attachment flag and a token', () => {
    expect(parseDownloadQuery({ thumb: '100x100f', download: '1', token: 'abc' })).toEqual({
      thumb: '100x100f',
      download: true,
      token: 'abc',
    });
    expect(parseDownloadQuery({})).toEqual({ thumb: undefined, download: false, token: undefined });
  });

  it('refuses malformed, repeated and unknown parameters, naming each', () => {
    expect(refusedFields({ thumb: 'big' })).toEqual(['thumb']);
    expect(refusedFields({ thumb: ['1x1', '2x2'] })).toEqual(['thumb']);
    expect(refusedFields({ download: 'yes', token: 'x'.repeat(2049) })).toEqual(['download', 'token']);
    expect(refusedFields({ size: '10' })).toEqual(['size']);
  });
});
