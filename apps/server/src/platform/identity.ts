/**
 * Real-name verification (实名核验) of a resident: a name and a resident ID number (GB 11643).
 * The GB 11643 format checks run before any verifier; a verifier answers whether the pair is a real
 * person. Network and vendor failures throw AppError('verifier_unavailable', 503).
 */
export interface IdentityVerifier {
  readonly name: string;
  /** false for the local `format` verifier: it checks the number's form, not the person. */
  readonly provesIdentity: boolean;
  /** One line for the start-up log saying what this verifier really proves. */
  readonly description: string;
  verify(input: { name: string; idNumber: string }): Promise<IdentityResult>;
}

export type IdentityResult = { ok: true } | { ok: false; reason: 'mismatch' | 'no_record' | 'invalid' };

/** Privacy-number binding (the AXB pattern): A and B each see only the middle number X. */
export interface PrivacyNumberProvider {
  readonly name: string;
  bind(input: {
    phoneA: string;
    phoneB: string;
    expiresAt: Date;
  }): Promise<{ middleNumber: string; bindingId: string }>;
  unbind(input: { bindingId: string; middleNumber: string }): Promise<void>;
}
