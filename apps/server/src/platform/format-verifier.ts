import type { IdentityResult, IdentityVerifier } from './identity.ts';

/**
 * The local default. The GB 11643 checks (check character, region, birth date, age) have already
 * run when it is asked; it accepts every well-formed pair and proves nothing about the person.
 */
export class FormatVerifier implements IdentityVerifier {
  readonly name = 'format';
  readonly provesIdentity = false;
  readonly description =
    'format ID verifier: checks the GB 11643 check character, region and birth date only; IDENTITY IS NOT PROVEN';

  async verify(): Promise<IdentityResult> {
    return { ok: true };
  }
}
