import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/care/en.json';
import zhCN from '../../locales/care/zh-CN.json';

// The care screens' strings load with whichever chunk shows them first (see addStrings).
addStrings({ 'zh-CN': zhCN, en });
