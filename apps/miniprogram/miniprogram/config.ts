/**
 * Where the MedRelay server is (its PUBLIC_URL): the API and the H5 app the web-view opens. It must
 * be an HTTPS domain listed in the mini program console as a request domain (request合法域名) and a
 * business domain (业务域名), see README.md. The template is the subscribe-message template the
 * server sends with (WECHAT_SUBSCRIBE_TEMPLATE_ID).
 */
export const CONFIG = {
  apiBase: 'https://medrelay.example.com',
  subscribeTemplateIds: ['TEMPLATE_ID_FROM_THE_CONSOLE'],
};
