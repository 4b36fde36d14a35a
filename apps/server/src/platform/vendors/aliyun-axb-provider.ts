import type { PrivacyNumberProvider } from '../identity.ts';
import { AliyunRpcError, callAliyunRpc } from './aliyun-rpc-signer.ts';
import { failureDetails, VendorFailure, vendorRateLimited, vendorUnavailable } from './vendor-http.ts';

export interface AliyunAxbOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** 号码池Key from the 号码隐私保护 console (号码池管理), e.g. FC123456. */
  poolKey: string;
  /** Default https://dyplsapi.aliyuncs.com. */
  endpoint?: string;
  /** Default 5000. */
  timeoutMs?: number;
  /** Request timestamp; default the system clock. */
  now?: () => Date;
  /** SignatureNonce source; default crypto.randomUUID. */
  nonce?: () => string;
}

const VENDOR = 'aliyun-axb';

/**
 * Throttling* are Alibaba Cloud's common flow-control codes; isv.BUSINESS_LIMIT_CONTROL and
 * isv.FLOW_LIMIT (业务流控) are Dyplsapi's own. Every other non-OK Code — isv.NO_AVAILABLE_NUMBER
 * (pool exhausted), signature and permission errors — means the service cannot bind now: 503.
 */
const isRateLimit = (code: string) =>
  code.startsWith('Throttling') || code === 'isv.BUSINESS_LIMIT_CONTROL' || code === 'isv.FLOW_LIMIT';

/** Dyplsapi wants 'yyyy-MM-dd HH:mm:ss' in China time (UTC+8, no daylight saving). */
export function chinaDateTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

interface DyplsAnswer {
  Code?: string;
  RequestId?: string;
  SecretBindDTO?: { SubsId?: string; SecretNo?: string };
}

/**
 * AXB privacy numbers through Alibaba Cloud 号码隐私保护 (Dyplsapi, API 2017-05-25): A and B call
 * each other through X and never see each other's number. Recording (IsRecordingEnabled) is left
 * off on purpose: recordings of residents' calls would be personal data we have no need to hold.
 */
export class AliyunAxbProvider implements PrivacyNumberProvider {
  readonly name = VENDOR;

  constructor(private readonly options: AliyunAxbOptions) {}

  async bind(input: { phoneA: string; phoneB: string; expiresAt: Date }) {
    const answer = await this.call('BindAxb', {
      PoolKey: this.options.poolKey,
      PhoneNoA: input.phoneA,
      PhoneNoB: input.phoneB,
      Expiration: chinaDateTime(input.expiresAt),
    });
    const { SecretNo, SubsId } = answer.SecretBindDTO ?? {};
    if (!SecretNo || !SubsId) {
      throw vendorUnavailable('privacy_number_unavailable', {
        vendor: VENDOR,
        reason: 'bad_response',
        requestId: answer.RequestId,
      });
    }
    return { middleNumber: SecretNo, bindingId: SubsId };
  }

  async unbind(input: { bindingId: string; middleNumber: string }): Promise<void> {
    await this.call('UnbindSubscription', {
      PoolKey: this.options.poolKey,
      SubsId: input.bindingId,
      SecretNo: input.middleNumber,
    });
  }

  /** One Dyplsapi call; success is Code "OK" in the body, anything else is mapped to our errors. */
  private async call(action: string, params: Record<string, string>): Promise<DyplsAnswer> {
    let answer: DyplsAnswer;
    try {
      answer = await callAliyunRpc<DyplsAnswer>({
        host: 'dyplsapi.aliyuncs.com',
        action,
        version: '2017-05-25',
        params,
        accessKeyId: this.options.accessKeyId,
        accessKeySecret: this.options.accessKeySecret,
        endpoint: this.options.endpoint,
        timeoutMs: this.options.timeoutMs,
        now: this.options.now,
        nonce: this.options.nonce,
      });
    } catch (err) {
      if (err instanceof AliyunRpcError) throw this.refused(err.code, err.requestId);
      if (err instanceof VendorFailure) {
        throw vendorUnavailable('privacy_number_unavailable', { vendor: VENDOR, ...failureDetails(err) });
      }
      throw err;
    }
    if (answer.Code !== 'OK') throw this.refused(answer.Code ?? 'MissingCode', answer.RequestId);
    return answer;
  }

  private refused(code: string, requestId: string | undefined) {
    const details = { vendor: VENDOR, vendorCode: code, requestId };
    return isRateLimit(code)
      ? vendorRateLimited(details)
      : vendorUnavailable('privacy_number_unavailable', details);
  }
}
