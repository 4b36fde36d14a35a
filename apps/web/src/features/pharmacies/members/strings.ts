import { addStrings } from '../../../lib/i18n.ts';
import en from '../../../locales/pharmacy-members/en.json';
import zhCN from '../../../locales/pharmacy-members/zh-CN.json';

// The membership screens' strings load with whichever chunk shows them first (see addStrings).
addStrings({ 'zh-CN': zhCN, en });
