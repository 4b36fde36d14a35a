import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/partner/en.json';
import zhCN from '../../locales/partner/zh-CN.json';

// This screen's strings load with its chunk (see addStrings).
addStrings({ 'zh-CN': zhCN, en });
