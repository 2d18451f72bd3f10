// The event-stream reader as EventSource parses streams: events split anywhere across chunks,
// comments, id-only blocks (the heartbeat), several data lines, CRLF, an unfinished last block.
import { readSse, type SseEvent } from './sse-reader.js';

function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function read(chunks: readonly string[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  await readSse(streamOf(chunks), (event) => events.push(event));
  return events;
}

const STREAM =
  'id: 1\nevent: connect\ndata: {"clientId":"c"}\n\n: heartbeat\nid: 2\n\nevent: change\ndata: a\ndata: b\n\n';

describe('readSse', () => {
  it('reads events, heartbeats and multi-line data', async () => {
    expect(await read([STREAM])).toEqual([
      { type: 'connect', id: '1', data: '{"clientId":"c"}' },
      { type: undefined, id: '2', data: '' },
      { type: 'change', id: undefined, data: 'a\nb' },
    ]);
  });

  it('reads the same whatever the chunks are', async () => {
    const whole = await read([STREAM]);
    for (const size of [1, 2, 3, 7, 13]) {
      const chunks = Array.from({ length: Math.ceil(STREAM.length / size) }, (_, i) =>
        STREAM.slice(i * size, (i + 1) * size),
      );
      expect(await read(chunks)).toEqual(whole);
    }
  });

  it('takes CRLF line ends and drops an unfinished last block', async () => {
    expect(await read(['event: a\r\ndata: 1\r\n\r\nevent: b\ndata: 2\n'])).toEqual([
      { type: 'a', id: undefined, data: '1' },
    ]);
  });

  it('keeps multi-byte characters split between chunks', async () => {
    const encoded = new TextEncoder().encode('data: café ☕\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of encoded) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    await readSse(stream, (event) => events.push(event));
    expect(events).toEqual([{ type: undefined, id: undefined, data: 'café ☕' }]);
  });
});
