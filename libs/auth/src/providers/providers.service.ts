// Admin use cases for sign-in providers: create from a preset, change, delete, list, and the
// public list for login pages. Settings are checked here so the API and the console agree.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import { ProvidersRepository, type ProviderFields } from './providers.repository.js';
import {
  PRESETS,
  toProviderView,
  type ProviderKind,
  type ProviderPreset,
  type ProviderRow,
  type ProviderView,
} from './sign-in-provider.js';

export interface NewProvider {
  name: string;
  preset: ProviderPreset;
  displayName?: string;
  issuer?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  apiUrl?: string;
  clientId: string;
  clientSecret: string;
  scopes?: string[];
  enabled?: boolean;
}

export type ProviderChanges = Partial<Omit<NewProvider, 'name' | 'preset'>>;

export interface PublicProvider {
  name: string;
  display_name: string;
  kind: ProviderKind;
}

@Injectable()
export class ProvidersService {
  constructor(
    private readonly providers: ProvidersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<ProviderView[]> {
    return (await this.providers.list()).map((row) => this.view(row));
  }

  async listEnabled(): Promise<PublicProvider[]> {
    return (await this.providers.list(true)).map((row) => ({
      name: row.name,
      display_name: row.display_name,
      kind: row.kind,
    }));
  }

  async get(name: string): Promise<ProviderView> {
    return this.view(await this.require(name));
  }

  /** The stored row, or a 404 problem. */
  async require(name: string): Promise<ProviderRow> {
    const row = await this.providers.find(name);
    if (!row) throw new AppException(ErrorCode.NotFound, `There is no sign-in provider named "${name}".`);
    return row;
  }

  async create(input: NewProvider): Promise<ProviderView> {
    const preset = PRESETS[input.preset];
    const fields: ProviderFields = {
      kind: preset.kind,
      displayName: input.displayName ?? preset.displayName,
      issuer: input.issuer ?? preset.issuer ?? null,
      authorizationUrl: input.authorizationUrl ?? preset.authorizationUrl ?? null,
      tokenUrl: input.tokenUrl ?? preset.tokenUrl ?? null,
      apiUrl: input.apiUrl ?? preset.apiUrl ?? null,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      scopes: input.scopes ?? [...preset.scopes],
      enabled: input.enabled ?? true,
    };
    assertEndpoints(fields);
    return this.view(await this.providers.insert(input.name, fields));
  }

  async update(name: string, changes: ProviderChanges): Promise<ProviderView> {
    const current = await this.require(name);
    assertEndpoints({
      kind: current.kind,
      issuer: changes.issuer ?? current.issuer,
      authorizationUrl: changes.authorizationUrl ?? current.authorization_url,
      tokenUrl: changes.tokenUrl ?? current.token_url,
      apiUrl: changes.apiUrl ?? current.api_url,
    });
    const row = await this.providers.update(name, changes);
    if (!row) throw new AppException(ErrorCode.NotFound, `There is no sign-in provider named "${name}".`);
    return this.view(row);
  }

  async delete(name: string): Promise<void> {
    if (!(await this.providers.delete(name))) {
      throw new AppException(ErrorCode.NotFound, `There is no sign-in provider named "${name}".`);
    }
  }

  private view(row: ProviderRow): ProviderView {
    return toProviderView(row, this.config.publicUrl);
  }
}

type Endpoints = Pick<ProviderFields, 'kind' | 'issuer' | 'authorizationUrl' | 'tokenUrl' | 'apiUrl'>;

const ENDPOINT_FIELDS: readonly [keyof Omit<Endpoints, 'kind'>, string][] = [
  ['issuer', 'issuer'],
  ['authorizationUrl', 'authorization_url'],
  ['tokenUrl', 'token_url'],
  ['apiUrl', 'api_url'],
];

/** OIDC needs an issuer (the rest is discovered); GitHub-style OAuth2 needs its three URLs. */
function assertEndpoints(endpoints: Endpoints): void {
  const required = endpoints.kind === 'oidc' ? ['issuer'] : ['authorizationUrl', 'tokenUrl', 'apiUrl'];
  for (const [key, field] of ENDPOINT_FIELDS) {
    const value = endpoints[key];
    if (value === null) {
      if (required.includes(key)) throw invalid(field, 'is required for this kind of provider');
      continue;
    }
    if (!isHttpUrl(value)) throw invalid(field, 'must be an absolute http(s) URL');
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A 400 for one endpoint field: "Issuer is required for this kind of provider." */
function invalid(field: string, predicate: string): AppException {
  const message = fieldSentence(field, predicate);
  return new AppException(ErrorCode.ValidationFailed, message, { errors: [{ field, code: 'invalid', message }] });
}
