// Functions as before-write hooks: the records service asks, for each write, whether any
// function guards that collection and action (answered from an index held in memory, so the
// writes of unguarded collections cost nothing), and runs the guards in name order inside
// the write's transaction with FUNCTIONS_HOOK_TIMEOUT_MS each. A hook rejects with
// `ctx.reject`, changes the values by returning an object of them, or leaves them by
// returning nothing; a hook that fails or times out refuses the write with its problem.

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { RecordsService, type BeforeWrite, type BeforeWriteHooks, type WriteAction } from '@stagecraft/records';
import { DeployedFunctions } from './deployed-functions.js';
import { FunctionRunner } from './function-runner.service.js';
import { outcomeProblem } from './function-problems.js';
import { FunctionsRepository } from './functions.repository.js';

/** The longest the index is trusted without a change being announced (one may be lost). */
const INDEX_TTL_MS = 5000;

type HookIndex = ReadonlyMap<string, readonly string[]>;

const key = (collection: string, action: WriteAction): string => `${action}:${collection}`;

@Injectable()
export class FunctionWriteHooks implements BeforeWriteHooks, OnModuleInit {
  private index: HookIndex | undefined;
  private loadedAt = 0;
  private loading: Promise<HookIndex> | undefined;
  /** Bumped by every change: a load that started before one is not kept. */
  private generation = 0;

  constructor(
    private readonly repository: FunctionsRepository,
    private readonly deployed: DeployedFunctions,
    private readonly runner: FunctionRunner,
    private readonly records: RecordsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deployed.onChange(() => {
      this.generation += 1;
      this.index = undefined;
      this.loading = undefined;
    });
    this.records.useBeforeWriteHooks(this);
  }

  async hooked(collection: string, action: WriteAction): Promise<boolean> {
    return ((await this.current()).get(key(collection, action))?.length ?? 0) > 0;
  }

  async run(write: BeforeWrite): Promise<Record<string, unknown> | null> {
    let values = write.values;
    for (const name of (await this.current()).get(key(write.collection, write.action)) ?? []) {
      const fn = await this.deployed.find(name);
      if (!fn) continue; // deleted since the index was loaded
      const subject = `The before-write hook "${name}" of "${write.collection}"`;
      const result = await this.runner.run(
        fn,
        {
          trigger: 'before_write',
          event: {
            type: `before_${write.action}`,
            collection: write.collection,
            record: values,
            current: write.current,
          },
          principal: write.principal,
          timeoutMs: this.config.functions.hookTimeoutMs,
          guardedCollection: write.collection,
        },
        // The log shows the status the write was refused with.
        (ran) => (ran.outcome === 'ok' ? null : outcomeProblem(ran, '', subject).status),
      );
      if (result.outcome !== 'ok') throw outcomeProblem(result, result.invocation.id, subject);
      if (result.value === null || result.value === undefined || values === null) continue;
      if (typeof result.value !== 'object' || Array.isArray(result.value)) {
        throw new AppException(
          ErrorCode.FunctionFailed,
          `${subject} returned ${Array.isArray(result.value) ? 'an array' : typeof result.value}; ` +
            'a hook returns nothing, or an object of the values to write.',
          { extensions: { invocation_id: result.invocation.id } },
        );
      }
      values = { ...values, ...(result.value as Record<string, unknown>) };
    }
    return values;
  }

  /** The index, loaded again once a function changed or it is older than INDEX_TTL_MS. */
  private async current(): Promise<HookIndex> {
    if (this.index && Date.now() - this.loadedAt < INDEX_TTL_MS) return this.index;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<HookIndex> {
    const generation = this.generation;
    const loadedAt = Date.now();
    const index = new Map<string, string[]>();
    for (const fn of await this.repository.withTrigger('before_write')) {
      for (const trigger of fn.triggers.before_write ?? []) {
        for (const action of trigger.on) {
          const names = index.get(key(trigger.collection, action)) ?? [];
          if (!names.includes(fn.name)) names.push(fn.name);
          index.set(key(trigger.collection, action), names);
        }
      }
    }
    if (generation === this.generation) {
      this.index = index;
      this.loadedAt = loadedAt;
    }
    return index;
  }
}
