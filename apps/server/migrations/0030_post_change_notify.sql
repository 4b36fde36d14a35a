-- LISTEN/NOTIFY for the square's index (issue 11): every server process keeps the open posts in
-- memory and LISTENs on `post_changes`; a post event written to the outbox NOTIFYs in the same
-- transaction, so the notification goes out exactly when the change commits. The payload is empty:
-- a listener only learns "something changed" and catches up from the outbox by event number, so a
-- notification carries no personal data, and PostgreSQL folds the identical notifications of one
-- transaction into one. The periodic catch-up stays for notifications missed during a reconnect.
CREATE FUNCTION notify_post_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('post_changes', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER outbox_post_change_notify
  AFTER INSERT ON outbox
  FOR EACH ROW
  WHEN (NEW.topic LIKE 'post.%')
  EXECUTE FUNCTION notify_post_change();
