// JSON of outgoing messages. One change usually goes to many connections with the same record
// (subscribers of one caller and shape share the record object, event-matcher.ts), so a
// record's JSON is made once and spliced into each message.

import type { RealtimeMessage } from './realtime-client.js';

const recordJson = new WeakMap<object, string>();

function jsonOf(record: object): string {
  let json = recordJson.get(record);
  if (json === undefined) {
    json = JSON.stringify(record);
    recordJson.set(record, json);
  }
  return json;
}

/** The message's members as a JSON object; `withType` keeps `type` in (WebSocket frames). */
export function messageJson(message: RealtimeMessage, withType: boolean): string {
  if (message.type !== 'change' || message.record === undefined) {
    if (withType) return JSON.stringify(message);
    const { type: _type, ...rest } = message;
    return JSON.stringify(rest);
  }
  const { type, record, ...rest } = message;
  const head = JSON.stringify(withType ? { type, ...rest } : rest);
  return `${head.slice(0, -1)},"record":${jsonOf(record)}}`;
}
