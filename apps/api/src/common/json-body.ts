// The one JSON body parser (application/json and every +json type), for all routes. A body
// must be UTF-8, is refused past its nesting cap before it is parsed, and may not hide keys that
// reach an object's prototype. Nothing recursive sees a body this parser has not measured.

import { isUtf8 } from 'node:buffer';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@stagecraft/config';
import { AppException, bodyTooDeep, ErrorCode, jsonTextExceedsDepth } from '@stagecraft/core';
import type { FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';

/** `application/json` is registered by name; this matches the structured-syntax suffix types. */
const PLUS_JSON = /^application\/[\w.!#$%&'*^`|~-]+\+json(?:;|$)/i;
/** Escapes can spell a key too (`"\u005f_proto__"`), so any escape sends a body to the key scan. */
const MAY_HIDE_PROTOTYPE_KEY = /__proto__|constructor|\\u/;
const BYTE_ORDER_MARK = 0xfeff;

interface JsonValuesConfig {
  readonly jsonValuesAt?: number;
}

/**
 * Marks a route whose body carries `json` field values (a record, a field's default) `levels`
 * deep inside it, e.g. 2 for a bulk create `[{"field": value}]`: its body may nest
 * JSON_MAX_DEPTH levels more than that, where other bodies stop at BODY_MAX_DEPTH.
 */
export const CarriesJsonValues = (levels: number): MethodDecorator =>
  RouteConfig({ jsonValuesAt: levels } satisfies JsonValuesConfig);

/** The nesting cap of this request's route, and the setting that sets it. */
function depthCap(request: FastifyRequest, config: AppConfig): { maxDepth: number; setting: string } {
  const levels = (request.routeOptions.config as JsonValuesConfig | undefined)?.jsonValuesAt;
  return levels === undefined
    ? { maxDepth: config.bodyMaxDepth, setting: 'BODY_MAX_DEPTH' }
    : { maxDepth: config.records.jsonMaxDepth + levels, setting: `JSON_MAX_DEPTH + ${levels}` };
}

const malformed = (detail: string): AppException => new AppException(ErrorCode.MalformedJson, detail);

/** The parsed body, or the 400 that refuses it. */
export function parseJsonBody(request: FastifyRequest, body: Buffer, config: AppConfig): unknown {
  if (body.length === 0) throw malformed('The request says it carries JSON but the body is empty.');
  // RFC 8259 §8.1: JSON is exchanged as UTF-8. Decoding invalid bytes as U+FFFD would store text
  // the client never sent.
  if (!isUtf8(body)) throw malformed('The request body is not valid UTF-8; send JSON encoded as UTF-8.');
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
  const { maxDepth, setting } = depthCap(request, config);
  if (jsonTextExceedsDepth(text, maxDepth)) throw bodyTooDeep(maxDepth, setting);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed('The request body is not valid JSON.');
  }
  if (typeof value === 'object' && value !== null && MAY_HIDE_PROTOTYPE_KEY.test(text)) {
    try {
      secureJson.scan(value, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      throw new AppException(
        ErrorCode.BadRequest,
        'The request body has a "__proto__" key, or a "constructor" key holding a "prototype"; neither is accepted.',
      );
    }
  }
  return value;
}

/** Replaces Fastify's and Nest's JSON parsers; call before the app is initialised. */
export function registerJsonBodyParser(app: NestFastifyApplication, config: AppConfig): void {
  const options = { bodyLimit: config.bodyLimitBytes };
  const parser = (
    request: FastifyRequest,
    body: Buffer,
    done: (error: Error | null, value?: unknown) => void,
  ): void => {
    let value: unknown;
    try {
      value = parseJsonBody(request, body, config);
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, value);
  };
  app.useBodyParser('application/json', options, parser);
  app.useBodyParser(PLUS_JSON, options, parser);
}
