// Local development: a stand-in for WeChat's API on 127.0.0.1 (docs/wechat.md).
//   npx tsx apps/server/src/cli/wechat-fake.ts [port]
// Codes: `dev-<name>` logs in the WeChat user <name> (wx.login or OAuth), `dev-<phone>` is a
// getPhoneNumber code for that phone.
import { startFakeWechat } from '../platform/vendors/wechat-fake.ts';

const port = Number(process.argv[2] ?? 4100);
const fake = await startFakeWechat({ devCodes: true, port });
console.log(`WeChat fake at ${fake.endpoint}`);
console.log(
  `  WECHAT_API_BASE=${fake.endpoint} WECHAT_OPEN_BASE=${fake.endpoint} WECHAT_APP_ID=wxdev WECHAT_APP_SECRET=dev`,
);
console.log('  codes: dev-alice (a WeChat user), dev-13800138000 (a phone for getPhoneNumber)');
