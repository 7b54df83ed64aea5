-- 018_alert_audience: which alerts a role sees has one home, C's
-- alert_audience_of_role() (core/alert.h), whose bits the list, the
-- acknowledgement, the resolution and the e-mail digest pass to SQL
-- (issue 14 item 4). SQL's copy of the rule (008) goes, so the two cannot
-- drift.

DROP FUNCTION role_audience(user_role);
