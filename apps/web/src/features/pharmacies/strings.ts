import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/pharmacies/en.json';
import zhCN from '../../locales/pharmacies/zh-CN.json';

// The pharmacy screens' strings load with whichever chunk shows them first (see addStrings).
addStrings({ 'zh-CN': zhCN, en });
