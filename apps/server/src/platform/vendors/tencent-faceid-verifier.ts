import type { IdentityResult, IdentityVerifier } from '../identity.ts';
import { callTencentCloud } from './tencent-cloud-signer.ts';
import { tencentToAppError } from './tencent-errors.ts';
import { secondsUntilChinaMidnight, vendorRateLimited, vendorUnavailable } from './vendor-http.ts';

export interface TencentFaceIdOptions {
  secretId: string;
  secretKey: string;
  /** Default https://faceid.tencentcloudapi.com. */
  endpoint?: string;
  /** Default 5000. */
  timeoutMs?: number;
  /** Signing time; default the system clock. */
  now?: () => Date;
}

const VENDOR = 'tencent-faceid';

/**
 * Result codes of FaceID 身份信息认证 (IdCardVerification, API 2018-03-01), from the product's
 * "实名核身结果码" table. -4 (证件库服务异常) and -6 (权威比对系统升级中) are outages on the
 * authority's side, not answers about the person.
 */
const ANSWERS: Record<string, IdentityResult> = {
  '0': { ok: true },
  '-1': { ok: false, reason: 'mismatch' },
  '-2': { ok: false, reason: 'invalid' },
  '-3': { ok: false, reason: 'invalid' },
  '-5': { ok: false, reason: 'no_record' },
};

/** Real-name verification of name + ID number against the authoritative register, through Tencent Cloud. */
export class TencentFaceIdVerifier implements IdentityVerifier {
  readonly name = VENDOR;
  readonly provesIdentity = true;
  readonly description: string;

  constructor(private readonly options: TencentFaceIdOptions) {
    this.description =
      'Tencent Cloud FaceID IdCardVerification: checks name and ID number against the public security register';
  }

  async verify(input: { name: string; idNumber: string }): Promise<IdentityResult> {
    let response: { Result?: unknown; RequestId?: string };
    try {
      response = await callTencentCloud({
        service: 'faceid',
        host: 'faceid.tencentcloudapi.com',
        action: 'IdCardVerification',
        version: '2018-03-01',
        payload: { IdCard: input.idNumber, Name: input.name },
        secretId: this.options.secretId,
        secretKey: this.options.secretKey,
        endpoint: this.options.endpoint,
        timeoutMs: this.options.timeoutMs,
        now: this.options.now,
      });
    } catch (err) {
      throw tencentToAppError(err, VENDOR, 'verifier_unavailable');
    }
    const result = String(response.Result);
    const answer = ANSWERS[result];
    if (answer) return answer;
    const details = { vendor: VENDOR, vendorCode: result, requestId: response.RequestId };
    // -7: 认证次数超过当日限制 — a daily quota, reset at Beijing midnight.
    if (result === '-7') {
      const now = (this.options.now ?? (() => new Date()))();
      throw vendorRateLimited({ ...details, retryAfterSeconds: secondsUntilChinaMidnight(now) });
    }
    throw vendorUnavailable('verifier_unavailable', details);
  }
}
