-- What the store holds outside case files becomes audited facts: each user entry records
-- the user's whole state, a session's opening is an entry, and a company's names follow
-- its company.toml. The store records every user's state now, and the assignments the
-- trail does not explain, as the baseline (its data step). Sessions opened before were not
-- audited and end (their users log in again).
DELETE FROM sessions;
-- Failed logins are counted by the workbench's throttle, not here.
ALTER TABLE users DROP COLUMN failed_logins;
-- The addresses each user has logged in from: an attempt from one of them is slowed down
-- only by failures from there, so others' guessing never locks the user out.
CREATE TABLE login_addresses (
    user_id BIGINT NOT NULL REFERENCES users(id),
    address TEXT NOT NULL,
    last_success BIGINT NOT NULL,
    PRIMARY KEY (user_id, address)
)
