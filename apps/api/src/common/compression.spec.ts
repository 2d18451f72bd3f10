import { compressibleType } from './compression.js';

describe('compressibleType', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/problem+json',
    'application/graphql-response+json; charset=utf-8',
    'application/x-ndjson',
    'text/csv; charset=utf-8',
    'text/html',
    'text/plain; version=0.0.4',
    'application/javascript',
  ])('compresses %s', (type) => {
    expect(compressibleType(type)).toBe(true);
  });

  it.each([
    'text/event-stream; charset=utf-8',
    'application/octet-stream',
    'image/png',
    'application/zip',
    'application/jsonfoo',
    'video/mp4',
  ])('leaves %s alone', (type) => {
    expect(compressibleType(type)).toBe(false);
  });
});
