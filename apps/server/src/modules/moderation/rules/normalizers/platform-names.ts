/**
 * Altered names of shopping and second-hand platforms, back to the name the shop-lure rules know:
 * "拼夕夕搜 某某大药房" is an advert for a shop however the platform is spelt. Latin abbreviations
 * (pdd, tb, jd, xhs) count only as whole Latin words, so "jd" inside an id is left alone.
 * Input is lower-cased, half-width text, before separators are stripped.
 */
const LATIN = (words: string) => new RegExp(`(?<![a-z])(?:${words})(?![a-z])`, 'gu');

const PLATFORMS: [pattern: RegExp, name: string][] = [
  [/拼夕夕|拼xx|拼爹爹|拼嗲嗲|并夕夕|拼夕|p夕夕/gu, '拼多多'],
  [LATIN('pdd|pinduoduo'), '拼多多'],
  [/某宝|淘bao|桃宝|掏宝|陶宝|tao宝/gu, '淘宝'],
  [LATIN('tb|taobao'), '淘宝'],
  [/狗东|某东|京d(?![a-z])/gu, '京东'],
  [LATIN('jd|jingdong'), '京东'],
  [/[闲咸]🐟|某鱼|咸鱼|闲yu/gu, '闲鱼'],
  [LATIN('xianyu'), '闲鱼'],
  [/某音|抖y(?![a-z])|dou音/gu, '抖音'],
  [LATIN('douyin|dy'), '抖音'],
  [/小红薯|某书|小红shu/gu, '小红书'],
  [LATIN('xhs'), '小红书'],
  [/某团|美tuan/gu, '美团'],
  [/饿了吗/gu, '饿了么'],
  [LATIN('v店'), '微店'],
];

export function canonicalPlatformNames(text: string): string {
  let s = text;
  for (const [pattern, name] of PLATFORMS) s = s.replace(pattern, name);
  return s;
}
