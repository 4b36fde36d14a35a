import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/legal/en.json';
import zhCN from '../../locales/legal/zh-CN.json';

// The agreement's text loads with its chunk (see addStrings), not with the square.
addStrings({ 'zh-CN': zhCN, en });
