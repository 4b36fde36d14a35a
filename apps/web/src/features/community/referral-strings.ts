import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/community-referrals/en.json';
import zhCN from '../../locales/community-referrals/zh-CN.json';

// Referral campaigns' strings load with whichever of their chunks shows first.
addStrings({ 'zh-CN': zhCN, en });
