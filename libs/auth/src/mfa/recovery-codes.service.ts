// Recovery codes as a factor: a new set (the old one dies) and the single use of one code,
// compared in constant time against each of the user's unused hashes.

import { Injectable } from '@nestjs/common';
import { sameHash } from '../tokens/opaque-token.js';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { RecoveryCodesRepository } from './recovery-codes.repository.js';

@Injectable()
export class RecoveryCodesService {
  constructor(private readonly codes: RecoveryCodesRepository) {}

  /** A fresh set, returned in clear this once; only hashes are stored. */
  async renew(userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.codes.replace(userId, codes.map(recoveryCodeHash));
    return codes;
  }

  /** True when the code was one of the user's unused codes; it is used up. */
  async redeem(userId: string, code: string): Promise<boolean> {
    const hash = recoveryCodeHash(code);
    // Every candidate is compared, so the time taken does not tell which one matched.
    let match: string | undefined;
    for (const candidate of await this.codes.unused(userId)) {
      if (sameHash(candidate.hash, hash)) match = candidate.id;
    }
    return match !== undefined && (await this.codes.markUsed(match));
  }

  removeAll(userId: string): Promise<void> {
    return this.codes.deleteAll(userId);
  }
}
