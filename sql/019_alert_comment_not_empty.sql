-- 019_alert_comment_not_empty: an acknowledgement's or a resolution's
-- comment is never "" (issue 14 item 5). The API always refused an empty
-- comment (api/in_alerts.c, LIM_ALERT_COMMENT_MAX from 1); the database
-- now says so too, as api/field_limits.c's row for the comment lists.
-- A resolution without a person (the scheduler's) leaves it NULL.
ALTER TABLE alerts
	ADD CONSTRAINT alerts_acknowledge_comment_not_empty
		CHECK (length(acknowledge_comment) >= 1),
	ADD CONSTRAINT alerts_resolve_comment_not_empty
		CHECK (length(resolve_comment) >= 1);
