import type { SmsMessage, SmsNotice, SmsProvider } from '../sms.ts';
import { callTencentCloud, TencentCloudError } from './tencent-cloud-signer.ts';
import { tencentToAppError } from './tencent-errors.ts';
import { secondsUntilChinaMidnight, vendorRateLimited, vendorUnavailable } from './vendor-http.ts';

export interface TencentSmsOptions {
  secretId: string;
  secretKey: string;
  /** SmsSdkAppId of the SMS application (短信应用), e.g. 1400006666. */
  smsSdkAppId: string;
  /** The approved signature (短信签名) without brackets, e.g. 余药互助. */
  signName: string;
  /** The approved template; it must take two parameters: {1} the code, {2} the minutes it is valid. */
  templateId: string;
  /**
   * Optional: an approved template without parameters for notices (SMS_NOTICE_TEXTS.match without the
   * signature). Without it this provider sends no notices.
   */
  noticeTemplateId?: string;
  /** Default ap-guangzhou. */
  region?: string;
  /** Fills template parameter {2}; keep it equal to the code TTL the accounts service enforces. Default 5. */
  codeValidMinutes?: number;
  /** Default https://sms.tencentcloudapi.com. */
  endpoint?: string;
  /** Default 5000. */
  timeoutMs?: number;
  /** Signing time; default the system clock. */
  now?: () => Date;
}

const VENDOR = 'tencent-sms';
const MAINLAND_MOBILE = /^1\d{10}$/;

/**
 * Per-number and per-app frequency limits from SendSms's error code table. A value is the wait in
 * seconds when the code tells it; 'day' means the quota of the natural day (Beijing time).
 */
const RATE_LIMITS: Record<string, number | 'day' | undefined> = {
  'LimitExceeded.PhoneNumberThirtySecondLimit': 30,
  'LimitExceeded.PhoneNumberOneHourLimit': 3600,
  'LimitExceeded.PhoneNumberDailyLimit': 'day',
  'LimitExceeded.PhoneNumberSameContentDailyLimit': 'day',
  'LimitExceeded.DailyLimit': 'day',
  'LimitExceeded.AppDailyLimit': 'day',
  'LimitExceeded.AppMainlandChinaDailyLimit': 'day',
  'LimitExceeded.DeliveryFrequencyLimit': undefined,
};

interface SendSmsResponse {
  SendStatusSet?: { Code?: string }[];
  RequestId?: string;
}

/**
 * Sends one-time codes (and, with a notice template, notices) as real SMS through Tencent Cloud SMS
 * (SendSms, API 2021-01-11). Mainland SMS must use an approved signature and template, so
 * `message.text` is not sent: the template carries the wording and only the code travels.
 */
export class TencentSmsProvider implements SmsProvider {
  readonly name = VENDOR;
  readonly description: string;
  readonly sendNotice?: (notice: SmsNotice) => Promise<void>;

  constructor(private readonly options: TencentSmsOptions) {
    this.description =
      `Tencent Cloud SMS: sends REAL SMS through Tencent Cloud, app ${options.smsSdkAppId}, ` +
      `template ${options.templateId}` +
      (options.noticeTemplateId ? `, notices with template ${options.noticeTemplateId}` : ', no notices');
    const noticeTemplateId = options.noticeTemplateId;
    if (noticeTemplateId) {
      // One template per notice kind; today there is one kind (a match on my need), with no parameters.
      this.sendNotice = (notice) => this.sendTemplate(notice.to, noticeTemplateId, []);
    }
  }

  async send(message: SmsMessage): Promise<void> {
    await this.sendTemplate(message.to, this.options.templateId, [
      message.code,
      String(this.options.codeValidMinutes ?? 5),
    ]);
  }

  private async sendTemplate(to: string, templateId: string, params: string[]): Promise<void> {
    // The message says nothing about the number it rejects (PIPL).
    if (!MAINLAND_MOBILE.test(to)) throw new Error('SMS recipient is not an 11-digit mainland mobile number');
    let response: SendSmsResponse;
    try {
      response = await callTencentCloud<SendSmsResponse>({
        service: 'sms',
        host: 'sms.tencentcloudapi.com',
        action: 'SendSms',
        version: '2021-01-11',
        region: this.options.region ?? 'ap-guangzhou',
        payload: {
          PhoneNumberSet: [`+86${to}`],
          SmsSdkAppId: this.options.smsSdkAppId,
          SignName: this.options.signName,
          TemplateId: templateId,
          TemplateParamSet: params,
        },
        secretId: this.options.secretId,
        secretKey: this.options.secretKey,
        endpoint: this.options.endpoint,
        timeoutMs: this.options.timeoutMs,
        now: this.options.now,
      });
    } catch (err) {
      if (err instanceof TencentCloudError && Object.hasOwn(RATE_LIMITS, err.code))
        throw this.limited(err.code, err.requestId);
      throw tencentToAppError(err, VENDOR, 'sms_unavailable');
    }
    // The status entry also echoes the phone number; only its Code is read and kept.
    const code = response.SendStatusSet?.[0]?.Code ?? 'MissingSendStatus';
    if (code === 'Ok') return;
    if (Object.hasOwn(RATE_LIMITS, code)) throw this.limited(code, response.RequestId);
    throw vendorUnavailable('sms_unavailable', {
      vendor: VENDOR,
      vendorCode: code,
      requestId: response.RequestId,
    });
  }

  private limited(code: string, requestId: string | undefined) {
    const wait = RATE_LIMITS[code];
    const now = (this.options.now ?? (() => new Date()))();
    const retryAfterSeconds = wait === 'day' ? secondsUntilChinaMidnight(now) : wait;
    const details = { vendor: VENDOR, vendorCode: code, requestId };
    return vendorRateLimited(retryAfterSeconds === undefined ? details : { ...details, retryAfterSeconds });
  }
}
