import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/community/en.json';
import zhCN from '../../locales/community/zh-CN.json';

// The community screens' strings load with whichever of their chunks shows first.
addStrings({ 'zh-CN': zhCN, en });
