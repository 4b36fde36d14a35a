import { addStrings } from '../../lib/i18n.ts';
import en from '../../locales/community-quiz/en.json';
import zhCN from '../../locales/community-quiz/zh-CN.json';

// The quizzes' strings load with whichever of their chunks shows first.
addStrings({ 'zh-CN': zhCN, en });
