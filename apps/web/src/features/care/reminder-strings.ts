import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/care-reminders/en.json';
import zhCN from '../../locales/care-reminders/zh-CN.json';

// Reminders' and consultations' strings load with whichever chunk shows them first (see addStrings).
addStrings({ 'zh-CN': zhCN, en });
