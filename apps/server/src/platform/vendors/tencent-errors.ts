import { TencentCloudError } from './tencent-cloud-signer.ts';
import {
  failureDetails,
  type UnavailableCode,
  VendorFailure,
  vendorRateLimited,
  vendorUnavailable,
} from './vendor-http.ts';

/**
 * Maps what callTencentCloud throws to the API's errors. `RequestLimitExceeded*` is Tencent Cloud's
 * common frequency-limit code (公共错误码); every other error Code, including AuthFailure.*, means
 * the service cannot be used right now, which the user can do nothing about.
 */
export function tencentToAppError(err: unknown, vendor: string, code: UnavailableCode): unknown {
  if (err instanceof TencentCloudError) {
    const details = { vendor, vendorCode: err.code, requestId: err.requestId };
    return err.code.startsWith('RequestLimitExceeded')
      ? vendorRateLimited(details)
      : vendorUnavailable(code, details);
  }
  if (err instanceof VendorFailure) return vendorUnavailable(code, { vendor, ...failureDetails(err) });
  return err;
}
