// The registry of reference holders: rules are built in; a feature that stores expressions
// registers its holder when its module starts (webhooks do), so a rename carries them along.

import { Injectable } from '@nestjs/common';
import type { ReferenceHolder } from './reference-holder.js';
import { RuleReferences } from './rule-references.js';

@Injectable()
export class ReferenceHolders {
  private readonly holders: ReferenceHolder[] = [new RuleReferences()];

  register(holder: ReferenceHolder): void {
    if (this.holders.some((existing) => existing.kind === holder.kind)) {
      throw new Error(`a reference holder of kind "${holder.kind}" is registered already`);
    }
    this.holders.push(holder);
  }

  all(): readonly ReferenceHolder[] {
    return this.holders;
  }
}
