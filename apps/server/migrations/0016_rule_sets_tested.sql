-- Rules and the trade model are versioned together (issue 18): each published rule set records the
-- model version it runs with (NULL when it names none, or one this server does not have) and the
-- figures of the dry run it passed on the last 7 days of posts before it was published.
ALTER TABLE rule_sets ADD COLUMN model_version text;
ALTER TABLE rule_sets ADD COLUMN tested jsonb;
