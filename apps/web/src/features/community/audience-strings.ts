import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/community-audience/en.json';
import zhCN from '../../locales/community-audience/zh-CN.json';

// The segments screen's strings load with its chunk.
addStrings({ 'zh-CN': zhCN, en });
