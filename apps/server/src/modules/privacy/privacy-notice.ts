import { CONSENT_VERSION } from '../accounts/index.ts';

/**
 * The privacy notice (PIPL arts. 17 and 30: what, why, how long, who sees it; separate consent for
 * sensitive personal information). Served as data so the H5 app shows it in either language, and
 * versioned with the consent that residents give at their first post.
 */
export const PRIVACY_NOTICE = {
  version: CONSENT_VERSION,
  sections: [
    {
      id: 'collect',
      zh: {
        title: '我们收集什么',
        body: '手机号（登录与联系）；发布时的位置（您选择的点或区域）；实名核验时的姓名与身份证号（只保存加密摘要与打码形式，不保存号码本身）；您填写的药品、数量与备注。',
      },
      en: {
        title: 'What we collect',
        body: 'Your phone number (login and contact); the location of a post (the point or region you choose); your name and resident ID number at verification (we keep only a keyed hash and masked forms, never the number); the items, quantities and note you enter.',
      },
    },
    {
      id: 'why',
      zh: {
        title: '为什么',
        body: '让需要药的人和有多余药的人在附近找到彼此；实名核验防止囤积与倒卖；位置用于按距离排序。我们不出售、不交易任何信息，也不用于广告。',
      },
      en: {
        title: 'Why',
        body: 'So that people who need medicine and neighbours who have spare can find each other nearby; verification keeps sharing from turning into hoarding or trade; the location sorts the square by distance. We never sell or trade any data and use none of it for advertising.',
      },
    },
    {
      id: 'who',
      zh: {
        title: '谁能看到',
        body: '信息广场只显示打码手机号（如 138****5678）和约100米精度的位置。完整号码只对已实名、登录的用户在主动点击“查看联系方式”后显示，每次查看都会记录，且您能看到被查看的次数；您也可以选择“不留电话，站内留言”。合作机构只能看到公开信息，看不到号码、身份证号或精确位置。',
      },
      en: {
        title: 'Who sees it',
        body: 'The square shows a masked phone (138****5678) and a location rounded to about 100 m. The full number is shown only to a verified, logged-in user who deliberately taps "show contact"; every reveal is recorded and you see how many there were. You may instead choose "no phone, message me in the app". Partner institutions see public data only: never a phone number, an ID number or an exact location.',
      },
    },
    {
      id: 'how-long',
      zh: {
        title: '保存多久',
        body: '帖子在“已解决”、过期或删除7天后，联系电话、备注、站内留言与精确位置被清除，只保留不含个人信息的统计数据。您可随时导出自己的全部数据，或注销账号并删除个人信息。',
      },
      en: {
        title: 'How long',
        body: 'Seven days after a post is resolved, expires or is deleted, its phone, note, messages and exact location are purged; only non-personal statistics remain. You can export all your data at any time, or delete your account and its personal data.',
      },
    },
    {
      id: 'consent',
      zh: {
        title: '您的同意',
        body: '位置与手机号属于敏感个人信息。首次发布时我们会单独请求您的同意，并记录同意的时间与版本。',
      },
      en: {
        title: 'Your consent',
        body: 'Location and phone number are sensitive personal information. At your first post we ask for your separate consent and record when and to which version you agreed.',
      },
    },
  ],
};
