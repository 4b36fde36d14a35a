import { CONFIG } from './config';

App({
  globalData: { apiBase: CONFIG.apiBase },
});
