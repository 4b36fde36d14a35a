import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/community-live/en.json';
import zhCN from '../../locales/community-live/zh-CN.json';

// Live sessions', surveys' and feedback strings load with whichever of their chunks shows first.
addStrings({ 'zh-CN': zhCN, en });
