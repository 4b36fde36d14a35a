/**
 * Every error code the API can answer, with a default message in both languages. The server's
 * AppError accepts only these codes and takes its message from here (English, for developers and
 * partners' logs); the web app shows the Chinese or English message when its locale files have no
 * richer wording for a code; the SDK types its errors with the same union. A route that answers a
 * code missing here fails the server's error-codes test.
 *
 * Dependency-free on purpose (no zod): the SDK and the web app import it without the schemas.
 * Messages never hold personal data; details carry the specifics.
 */
export const ERRORS = {
  // Request shape and the error handler.
  validation_failed: { zh: '填写的内容有误，请检查。', en: 'The request is not valid.' },
  bad_request: { zh: '请求格式有误。', en: 'The request is not valid.' },
  body_too_large: { zh: '内容太长了。', en: 'The request is too large.' },
  unsupported_media_type: { zh: '请求格式有误。', en: 'Send JSON.' },
  invalid_text: {
    zh: '文字中含有控制字符或无法识别的字符，请删除后再试。',
    en: 'The text contains control characters or broken characters.',
  },
  not_found: { zh: '找不到这条信息，可能已被删除。', en: 'Not found.' },
  internal_error: { zh: '服务器出了点问题，请稍后再试。', en: 'Something went wrong on our side.' },
  bad_cursor: { zh: '列表已变化，请刷新。', en: 'The cursor is not valid for this query.' },
  idempotency_key_reused: {
    zh: '这次提交和上次不一致，请重新预览后发布。',
    en: 'This Idempotency-Key was used with a different request.',
  },
  csrf_rejected: { zh: '请求来源不正确，请刷新页面后再试。', en: 'Cross-site request refused.' },
  rate_limited: { zh: '操作太频繁了，请稍后再试。', en: 'Too many requests; try again later.' },
  database_unavailable: {
    zh: '服务暂时不可用，请稍后再试。',
    en: 'The database is unavailable for a moment; try again soon.',
  },
  rate_limit_unavailable: {
    zh: '这项操作暂时暂停，请稍后再试。',
    en: 'This action is paused for a moment; try again soon.',
  },

  // Accounts: login, roles, real-name verification, bans.
  unauthenticated: { zh: '请先登录。', en: 'Log in first.' },
  forbidden: { zh: '您没有权限这样做。', en: 'You may not do this.' },

  // Dose reminders and pharmacist consultations (issue 13).
  reminder_past_course_end: {
    zh: '这个疗程已经结束，不能再设置提醒。',
    en: 'The course has ended: no dose of this reminder is left to remind.',
  },
  dose_not_actionable: {
    zh: '这次服药已经记录过，不能再这样操作。',
    en: 'This dose is already recorded; this step no longer applies.',
  },
  caregiver_unknown: {
    zh: '这个手机号还没有注册，请对方先登录一次。',
    en: 'No account has this phone number yet; ask them to log in once.',
  },
  caregiver_self: { zh: '不能把自己添加为家属。', en: 'You cannot be your own caregiver.' },
  no_pharmacy_on_duty: {
    zh: '目前没有值班药师，请选择一家药店提问。',
    en: 'No pharmacy is on duty for consultations; choose a pharmacy.',
  },
  pharmacy_not_consulting: {
    zh: '这家药店暂不提供药师咨询。',
    en: 'This pharmacy does not take consultations.',
  },
  consultation_closed: { zh: '这个咨询已经结束。', en: 'This consultation is closed.' },
  consultation_not_answered: {
    zh: '药师回复后才能评价。',
    en: 'A consultation can be rated once a pharmacist has answered.',
  },
  not_a_pharmacist: {
    zh: '只能转交给本店的药师。',
    en: 'A consultation can be handed only to a pharmacist of this pharmacy.',
  },
  sms_too_soon: {
    zh: '验证码刚刚发过，请稍后再试。',
    en: 'A code was sent recently; wait before asking again.',
  },
  sms_limit: { zh: '获取验证码的次数太多了，请稍后再试。', en: 'Too many codes requested; try again later.' },
  code_invalid: { zh: '验证码不对或已过期。', en: 'The code is wrong or has expired.' },
  code_attempts_exceeded: {
    zh: '错误次数太多，请重新获取验证码。',
    en: 'Too many wrong tries; ask for a new code.',
  },
  consent_required: {
    zh: '请先阅读并同意个人信息处理说明。',
    en: 'Please accept the privacy notice to publish.',
  },
  verification_required: { zh: '请先完成实名核验。', en: 'Verify your real name first.' },
  already_verified: { zh: '您已经完成实名核验。', en: 'This account is already verified.' },
  id_number_invalid: { zh: '身份证号不正确，请检查。', en: 'The ID number is not valid.' },
  under_age: {
    zh: '未满 14 周岁不能单独使用本服务。',
    en: 'Residents under 14 cannot use this service on their own.',
  },
  identity_in_use: {
    zh: '这个身份已绑定了其他账户。',
    en: 'This identity is already used by another account.',
  },
  identity_mismatch: { zh: '姓名与身份证号不一致。', en: 'The name and ID number do not match.' },
  account_banned: { zh: '该账户已被限制使用。', en: 'This account is banned.' },
  identity_banned: { zh: '该身份已被限制使用。', en: 'This identity is banned.' },

  // External providers (SMS, real-name check, privacy numbers).
  verifier_unavailable: {
    zh: '实名核验服务暂时不可用，请稍后再试。',
    en: 'The identity verification service is unavailable; try again later.',
  },
  sms_unavailable: {
    zh: '短信服务暂时不可用，请稍后再试。',
    en: 'The SMS service is unavailable; try again later.',
  },
  privacy_number_unavailable: {
    zh: '隐私号服务暂时不可用，请稍后再试。',
    en: 'The privacy number service is unavailable; try again later.',
  },
  vendor_rate_limited: {
    zh: '服务繁忙，请稍后再试。',
    en: 'The provider is limiting requests; try again later.',
  },

  // Notifications: Web Push subscriptions.
  push_not_enabled: {
    zh: '此服务暂未开启消息推送，请在应用内查看通知。',
    en: 'Web Push is not enabled on this server; notifications stay in the app.',
  },
  push_subscription_invalid: {
    zh: '这个浏览器的推送订阅无法使用，请换个浏览器再试。',
    en: 'This push subscription cannot be used (endpoint or keys).',
  },

  // Posts: catalogue, caps, location, lifecycle, quotas.
  unknown_medicine: { zh: '目录中没有这种物品。', en: 'This item is not in the catalogue.' },
  unknown_category: { zh: '没有这个类别。', en: 'Unknown category.' },
  duplicate_item: { zh: '同一种物品只能添加一次。', en: 'Each item may appear once in a post.' },
  quantity_over_cap: {
    zh: '超过了这种物品每次的上限。',
    en: 'The quantity is above the limit for this item.',
  },
  expiry_required: { zh: '请填写有效期。', en: 'An offered item needs its expiry date.' },
  expiry_in_past: { zh: '有效期已过，过期药品不能分享。', en: 'The expiry date has passed.' },
  unknown_region: { zh: '地区代码有误。', en: 'Unknown region code.' },
  location_outside_china: {
    zh: '位置不在中国大陆范围内。',
    en: 'The location is outside mainland China.',
  },
  near_required: { zh: '按距离排序需要您的位置。', en: 'Sorting by distance needs your location.' },
  post_not_open: { zh: '这条信息已经不在展示中。', en: 'The post is not open.' },
  not_renewable: { zh: '这条信息已不能延期。', en: 'This post can no longer be renewed.' },
  invalid_transition: {
    zh: '帖子当前状态不允许此操作。',
    en: "This change is not allowed from the post's current state.",
  },
  quantity_exceeds_remaining: {
    zh: '超过了这件物品剩下的数量。',
    en: 'More than what is left of this item.',
  },
  handoff_locked: {
    zh: '交接码输错次数太多，这次交接已锁定，请重新发起。',
    en: 'Too many wrong codes; this hand-off is locked. Start a new one.',
  },
  alert_limit: {
    zh: '最多只能保存 5 个提醒，请先删除一个。',
    en: 'You have the most alerts a person may keep; delete one first.',
  },
  post_blocked: {
    zh: '内容似乎涉及买卖、价格或站外联系方式（如微信号），请修改后再发布。',
    en: 'This post looks like trading or moving the deal off the platform, which is not allowed.',
  },
  quota_open_posts: {
    zh: '您的同类信息正在展示的条数已达上限，请先把解决了的标记为“已解决”。',
    en: 'You already have the most open posts of this kind; resolve one first.',
  },
  quota_daily_posts: { zh: '今天发布的信息已达上限。', en: 'You have posted the most for today.' },
  quota_same_medicine: {
    zh: '您最近已发布过这种物品，请勿重复发布。',
    en: 'You posted this item recently.',
  },

  // Contact: revealing a number, messages.
  own_post: { zh: '这是您自己发布的信息。', en: 'This is your own post.' },
  reveal_limit: {
    zh: '查看电话的次数已达上限，请稍后再试。',
    en: 'You have viewed many contacts recently; try again later.',
  },
  contact_by_message: {
    zh: '对方只接受站内留言。',
    en: 'This poster asks to be messaged in the app.',
  },

  // Moderation.
  post_not_pending: { zh: '这条信息不在待审核状态。', en: 'The post is not waiting for review.' },
  author_gone: { zh: '发布者的账户已不存在。', en: 'The author has deleted their account.' },
  several_authors: {
    zh: '封禁只能针对同一位发布者的信息。',
    en: 'A ban with a bulk removal needs posts of one author.',
  },
  rules_invalid: { zh: '规则格式有误。', en: 'The rules are not valid.' },
  invalid_rule_set: { zh: '规则集格式有误。', en: 'The rule set is not valid.' },
  rules_changed: {
    zh: '规则刚被其他审核员更新过，请重新加载后再编辑。',
    en: 'The rules were published by someone else meanwhile; reload them and edit again.',
  },

  // Partners: attribution, the console, the partner API's keys, scopes and quotas.
  unknown_ref: { zh: '没有使用这个来源标识的机构。', en: 'No approved partner has this ref.' },
  partner_not_approved: {
    zh: '机构尚未通过审核（或已被暂停）。',
    en: 'The institution is not approved or is suspended.',
  },
  scope_not_allowed: {
    zh: '网页组件密钥只能有「读取信息广场」权限。',
    en: 'A widget key may only have the scope posts:read.',
  },
  api_key_missing: { zh: '请求没有带 API 密钥。', en: 'An API key is required.' },
  api_key_invalid: { zh: 'API 密钥无效。', en: 'The API key is not valid.' },
  api_key_revoked: { zh: 'API 密钥已被吊销。', en: 'The API key has been revoked.' },
  scope_missing: {
    zh: '这个 API 密钥没有这项权限。',
    en: 'The API key does not have the scope this call needs.',
  },
  region_not_allowed: {
    zh: '该地区不在本机构的服务范围内。',
    en: 'The region is outside the areas this institution serves.',
  },
  daily_quota_exceeded: {
    zh: '今天的调用次数已达上限。',
    en: "The key's daily quota is used up; it resets at midnight Beijing time.",
  },

  // Pharmacies (issue 12): licences, stock, reservations for pickup.
  credit_code_invalid: {
    zh: '统一社会信用代码有误，请核对营业执照上的 18 位代码。',
    en: 'The unified social credit code is not valid (GB 32100 check character).',
  },
  drug_licence_invalid: {
    zh: '药品经营许可证编号格式有误（如 粤DA020101234），批发企业不能入驻。',
    en: 'The drug-trade licence number is not valid for a pharmacy.',
  },
  pharmacy_already_registered: {
    zh: '这家药店（信用代码或许可证）已经提交过入驻申请。',
    en: 'A pharmacy with this credit code or licence is already registered.',
  },
  pharmacy_not_found: {
    zh: '找不到这家药店。',
    en: 'No such pharmacy.',
  },
  stock_csv_invalid: {
    zh: '库存表格有误，请按「药品编号,状态,数量」填写。',
    en: 'The stock CSV is not valid.',
  },
  out_of_stock: {
    zh: '这家药店的这种药暂时无货或不可预约。',
    en: 'The item is out of stock or cannot be reserved at this pharmacy.',
  },
  reservation_above_limit: {
    zh: '超过了这家药店今天每人的限购数量。',
    en: "Above this pharmacy's per-person daily limit for the item.",
  },
  pickup_outside_window: {
    zh: '取药时间不在药店允许的时间内。',
    en: "The pickup time is outside the pharmacy's pickup window.",
  },
  pickup_code_unknown: {
    zh: '取药码不对，或这个预约已经结束。',
    en: 'No open reservation has this pickup code.',
  },
  pickup_code_other_pharmacy: {
    zh: '这个取药码是另一家药店的预约。',
    en: "This pickup code belongs to another pharmacy's reservation.",
  },
  reservation_not_open: {
    zh: '这个预约当前的状态不能进行此操作。',
    en: "This step is not allowed from the reservation's current state.",
  },

  // Pharmacy members, points and coupons (issue 12).
  membership_not_found: { zh: '你还不是这家药店的会员。', en: 'You are not a member of this pharmacy.' },
  member_code_unknown: { zh: '会员码不对。', en: 'No member has this code.' },
  member_code_other_pharmacy: {
    zh: '这个会员码是另一家药店的会员。',
    en: "This member code belongs to another pharmacy's member.",
  },
  points_insufficient: { zh: '积分不够。', en: 'The member does not have that many points.' },
  operation_id_reused: {
    zh: '这个操作编号已用于另一项操作。',
    en: 'This operation id was already used for a different operation.',
  },
  coupon_not_found: { zh: '找不到这张券。', en: 'The coupon was not found.' },
  coupon_sold_out: { zh: '券已经领完了。', en: 'No coupons are left.' },
  coupon_claim_limit: { zh: '每人可领的券已经领过了。', en: 'You have claimed as many as one person may.' },
  coupon_not_valid_now: { zh: '这张券不在有效期内。', en: 'The coupon is not within its validity.' },
  coupon_code_unknown: { zh: '券码不对。', en: 'No claimed coupon has this code.' },
  coupon_code_other_pharmacy: {
    zh: '这张券是另一家药店的。',
    en: "This coupon code belongs to another pharmacy's coupon.",
  },
  coupon_already_redeemed: { zh: '这张券已经用过了。', en: 'The coupon was already used.' },
  coupon_expired: { zh: '这张券已过期。', en: 'The coupon has expired.' },
  coupon_locked: {
    zh: '还差好友领取，这张券还不能用。',
    en: 'Not enough friends have claimed through the link yet.',
  },
  coupon_min_spend: { zh: '未达到这张券的最低消费。', en: 'The spend is below the coupon minimum.' },
  coupon_share_invalid: { zh: '分享链接不对。', en: 'The share link is not valid for this coupon.' },
  scan_code_unknown: {
    zh: '无法识别这个码（取药码、会员码或券码）。',
    en: 'The code is not a pickup, member or coupon code.',
  },

  // Pharmacies (issue 12): delivery, online payment and refunds.
  delivery_not_offered: {
    zh: '这家药店暂不提供送药到家。',
    en: 'This pharmacy does not deliver.',
  },
  delivery_outside_radius: {
    zh: '你的地址超出了这家药店的配送范围。',
    en: "The address is outside the pharmacy's delivery radius.",
  },
  delivery_not_open: {
    zh: '这个配送单当前的状态不能进行此操作。',
    en: "This step is not allowed from the delivery's current state.",
  },
  online_payment_not_offered: {
    zh: '这家药店暂不支持在线支付，请到店付款。',
    en: 'This pharmacy does not take online payment.',
  },
  price_missing: {
    zh: '药店还没有为这种药标价，不能在线支付。',
    en: 'The pharmacy has not priced this item, so it cannot be paid online.',
  },
  payment_unavailable: {
    zh: '在线支付暂不可用，请稍后再试或到店付款。',
    en: 'Online payment is not available right now.',
  },
  wechat_openid_missing: {
    zh: '请在微信中打开本页面后再在线支付。',
    en: 'Open MedRelay in WeChat to pay online.',
  },
  payment_not_found: {
    zh: '这笔订单没有在线支付记录。',
    en: 'No online payment for this order.',
  },
  already_paid: {
    zh: '这笔订单已经支付。',
    en: 'This order is already paid.',
  },
  refund_above_paid: {
    zh: '退款金额超过了可退金额。',
    en: 'The refund is above what was paid and not yet refunded.',
  },
  callback_signature_invalid: {
    zh: '回调签名无效。',
    en: 'The callback signature is not valid.',
  },
  delivery_unavailable: {
    zh: '配送平台暂不可用，请稍后再试或改由本店骑手配送。',
    en: 'The delivery platform is not available right now.',
  },

  // Community operations (issue 14): groups, the content library and its review, the calendar.
  not_a_reviewer: {
    zh: '只有登记为医生或药师的成员才能审核文章。',
    en: 'Only a member registered as a doctor or pharmacist may review articles.',
  },
  own_article_review: {
    zh: '不能审核自己写的文章，请另一位医生或药师审核。',
    en: 'An author cannot review their own article; ask another doctor or pharmacist.',
  },
  article_invalid_step: {
    zh: '文章当前状态不允许这样操作（草稿 → 已审核 → 已发布）。',
    en: "This step is not allowed from the article's current state (draft, then reviewed, then published).",
  },
  article_not_published: {
    zh: '文章发布后才能排期推送。',
    en: 'Only a published article can be scheduled into a group.',
  },
  schedule_in_past: {
    zh: '推送时间已经过去，请选择以后的时间。',
    en: 'The send time has passed; choose a later time.',
  },
  group_archived: {
    zh: '这个社群已停用。',
    en: 'This group is archived.',
  },

  // Live sessions, surveys and feedback (issue 14).
  embed_host_not_allowed: {
    zh: '这个直播地址不能嵌入页面，请填写允许的播放器地址，或只填直播链接。',
    en: 'The embed URL is not on an allowed https player host.',
  },
  live_session_in_past: { zh: '开始时间已经过了。', en: 'The session must start in the future.' },
  live_session_over: {
    zh: '这场直播已经结束或取消了。',
    en: 'The session has ended or was cancelled.',
  },
  live_question_limit: {
    zh: '每人每场最多提 5 个问题。',
    en: 'You have asked the most questions allowed for this session.',
  },
  survey_closed: { zh: '问卷已经结束，不能再填写。', en: 'The survey is closed.' },
  survey_already_answered: { zh: '你已经填写过这份问卷了。', en: 'You have already answered this survey.' },
  survey_answer_invalid: {
    zh: '有题目没有回答或答案不对，请检查。',
    en: 'An answer is missing or not one of the choices.',
  },
  // Quizzes (答题活动, issue 14).
  quiz_bank_too_small: {
    zh: '题库里的题目不够抽取这么多道题。',
    en: 'The bank has fewer questions than the quiz draws.',
  },
  quiz_reward_medicine: {
    zh: '药品不能作为奖品。',
    en: 'A medicine is never a prize.',
  },
  quiz_reward_unavailable: {
    zh: '这种奖励暂未开通，请使用积分。',
    en: 'This reward is not available here; use points.',
  },
  quiz_not_open: { zh: '答题还没有开始。', en: 'The quiz has not opened yet.' },
  quiz_closed: { zh: '答题已经结束。', en: 'The quiz is closed.' },
  quiz_time_over: { zh: '答题时间已到，不能再提交。', en: 'The time limit for this attempt is over.' },
  quiz_already_entered: { zh: '你已经参加过这次答题了。', en: 'You have already taken part in this quiz.' },
  quiz_not_started: { zh: '请先开始答题。', en: 'Start the quiz first.' },
  quiz_group_only: {
    zh: '这次答题只对社群成员开放。',
    en: 'This quiz is open to the members of its group only.',
  },
  quiz_answer_invalid: {
    zh: '有题目没有回答或答案不对，请检查。',
    en: 'An answer is missing or not one of the choices.',
  },
  feedback_limit: {
    zh: '今天提交的反馈太多了，请明天再来。',
    en: 'Too much feedback from you today; try again tomorrow.',
  },

  // Faults and trusted input (issue 17).
  region_mismatch: {
    zh: '所选地区与定位不一致，请重新选择地区或位置。',
    en: 'The region does not contain the location.',
  },
  shutting_down: { zh: '服务正在重启，请稍后再试。', en: 'The server is restarting; try again shortly.' },
  data_dir_locked: {
    zh: '数据目录正被另一个进程使用。',
    en: 'The data folder is in use by another process.',
  },

  // Referral campaigns and invite leaderboards (邀请达人榜, issue 14).
  referral_token_invalid: {
    zh: '邀请链接无效，请向邀请人重新索取。',
    en: 'This invite link is not valid.',
  },
  referral_campaign_closed: {
    zh: '这个邀请活动不在进行中。',
    en: 'The referral campaign is not open.',
  },
  referral_not_new_account: {
    zh: '邀请只统计打开链接后新注册的账号，您的账号已经注册过了。',
    en: 'Only accounts created after opening the invite link count; this account is older.',
  },
  referral_not_held: {
    zh: '这条邀请不在待审核状态。',
    en: 'This invite is not held for review.',
  },
  referral_not_approvable: {
    zh: '被邀请人已经被其他人邀请过，只能驳回。',
    en: 'The invitee was already referred by someone else; this invite can only be rejected.',
  },

  // Care: the health record, its shares and the follow-up (issue 13).
  health_consent_required: {
    zh: '记录健康信息前，请先单独同意健康信息处理说明。',
    en: 'Agree to the processing of your health data before the first entry.',
  },
  health_access_denied: {
    zh: '您没有查看这份健康档案的授权。',
    en: 'You have no grant to read this health record.',
  },
  measurement_out_of_range: {
    zh: '这个测量值不可能出现，请检查后重新输入。',
    en: 'This measurement is outside what is possible; check the reading.',
  },
  unknown_ingredient: {
    zh: '找不到这种药物成分，请从列表中选择。',
    en: 'This active ingredient is not known; pick one from the list.',
  },
  health_entry_invalid: {
    zh: '这条健康记录填写不完整。',
    en: 'This health record entry is incomplete.',
  },

  // WeChat: mini program and official-account login, web-view tickets, JS-SDK (issue 15).
  wechat_unavailable: {
    zh: '微信服务暂时不可用，请用手机号登录。',
    en: 'WeChat is not available here; log in with your phone.',
  },
  wechat_code_invalid: {
    zh: '微信授权已失效，请重新打开后再试。',
    en: 'The WeChat code is wrong, used or expired.',
  },
  wechat_already_linked: {
    zh: '这个微信已绑定另一个账号。',
    en: 'This WeChat identity is linked to another account.',
  },
  wechat_bind_expired: {
    zh: '绑定手机号已超时，请重新用微信登录。',
    en: 'The phone binding has expired; log in with WeChat again.',
  },
  ticket_invalid: {
    zh: '登录链接已失效，请从小程序重新打开。',
    en: 'The login ticket is wrong, used or expired.',
  },
  url_not_allowed: {
    zh: '这个网址不属于本站。',
    en: 'The URL is not a page of this site.',
  },
  tag_not_found: {
    zh: '没有找到这个标签。',
    en: 'No such tag at this institution.',
  },
  tag_rule_target_not_found: {
    zh: '标签规则指向的社群、直播或药店不属于本机构。',
    en: "The tag's rule names a group, session or pharmacy that is not this institution's.",
  },
  tag_name_taken: {
    zh: '已有同名标签。',
    en: 'A tag with this name exists.',
  },
  tag_not_manual: {
    zh: '规则标签的成员由规则决定，不能手动增减。',
    en: "A rule tag's members follow its rule; they cannot be added or removed by hand.",
  },
  audience_empty: {
    zh: '这个受众没有成员。',
    en: 'Nobody is in this audience.',
  },
  audience_too_small: {
    zh: '受众人数太少，为保护个人信息不能发送。',
    en: 'The audience is too small to send to without singling people out.',
  },
  audience_marketing_unflagged: {
    zh: '消息含有优惠、促销等营销内容，请勾选“营销内容”，只发给同意接收的居民。',
    en: 'The message looks like marketing; mark it as marketing so only residents who agreed receive it.',
  },
  audience_send_too_soon: {
    zh: '同一受众在间隔时间内只能发送一次。',
    en: 'This audience was sent a message recently; try again later.',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERRORS, code);

/** The default message for a code; English unless Chinese is asked for. */
export const errorMessageFor = (code: ErrorCode, lang: 'zh' | 'en' = 'en'): string => ERRORS[code][lang];
