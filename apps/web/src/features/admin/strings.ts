import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/admin/en.json';
import zhCN from '../../locales/admin/zh-CN.json';

// This screen's strings load with its chunk (see addStrings).
addStrings({ 'zh-CN': zhCN, en });
