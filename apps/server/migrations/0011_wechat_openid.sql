-- WeChat subscribe messages reach a person by the openid of our mini program. Nullable: most
-- accounts are made by phone in the H5 app and have none. Unique, so one WeChat user is bound to one
-- account; the partial index keeps the many NULLs out.
ALTER TABLE users ADD COLUMN wechat_openid text;
CREATE UNIQUE INDEX users_wechat_openid_idx ON users (wechat_openid) WHERE wechat_openid IS NOT NULL;
