// Reads a text/event-stream body as the WHATWG EventSource would (id, event, data, comments),
// over fetch's ReadableStream, because EventSource cannot send headers and Node 20 has none.

export interface SseEvent {
  /** `event:`, absent for a block that only moves the id (the heartbeat). */
  readonly type: string | undefined;
  readonly data: string;
  readonly id: string | undefined;
}

function parseBlock(block: string): SseEvent | undefined {
  let type: string | undefined;
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  return type === undefined && id === undefined && data.length === 0 ? undefined : { type, data: data.join('\n'), id };
}

/** Calls `onEvent` for each complete event until the stream ends; an unfinished last block is dropped. */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (event: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    buffer += (done ? decoder.decode() : decoder.decode(value, { stream: true })).replace(/\r\n?/g, '\n');
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const event = parseBlock(block);
      if (event) onEvent(event);
    }
    if (done) return;
  }
}
