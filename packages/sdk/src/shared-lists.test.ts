import { ERRORS as CONTRACT_ERRORS } from '@medrelay/contracts/errors';
import { expect, test } from 'vitest';
import { ERROR_CODES, isErrorCode, isMainlandMobile, MedRelayError, normalizePhone } from './index.ts';

test("the SDK's error codes and phone rule are the API's own", () => {
  expect(ERROR_CODES).toEqual(Object.keys(CONTRACT_ERRORS));
  for (const code of ['api_key_revoked', 'daily_quota_exceeded', 'invalid_transition'] as const) {
    expect(isErrorCode(code)).toBe(true);
    expect(new MedRelayError({ status: 400, code }).code).toBe(code);
  }
  expect(normalizePhone('+86 139-0000-1111')).toBe('13900001111');
  expect(isMainlandMobile('12900001111')).toBe(false);
});
